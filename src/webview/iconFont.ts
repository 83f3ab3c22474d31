import { ICON_FONT_ELEMENT_ID } from '../shared/iconFont';

/**
 * Adds the icon font the host wrote into the page (src/host/webviewHtml.ts), before the first
 * paint: a font made from bytes needs no request and no font-src, and is ready at once. Icons stay
 * hidden until it is (style.css, `.icon-font`); without it they stay blank, and their buttons keep
 * their labels.
 */
export function addIconFont(): void {
  const base64 = document.getElementById(ICON_FONT_ELEMENT_ID)?.textContent?.trim();
  if (!base64 || typeof FontFace === 'undefined') return;
  let face: FontFace;
  try {
    face = new FontFace('codicon', bytesOf(base64));
  } catch {
    return; // not base64, or not a font
  }
  document.fonts.add(face);
  const show = () => document.documentElement.classList.add('icon-font');
  if (face.status === 'loaded') show();
  else face.loaded.then(show, () => undefined);
}

/**
 * The font's bytes. `Uint8Array.from(atob(…), callback)` took 2–4 ms in a fresh page (a callback
 * per byte, not yet optimized), most of the page's own script time; `fromBase64` is native where
 * the browser has it (Chromium 140 on), a plain loop elsewhere.
 */
export function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const withBase64 = Uint8Array as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> };
  if (withBase64.fromBase64) return withBase64.fromBase64(base64);
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
