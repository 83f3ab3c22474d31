import { bytesFromBase64 } from '../core/base64';
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
    face = new FontFace('codicon', bytesFromBase64(base64));
  } catch {
    return; // not base64, or not a font
  }
  document.fonts.add(face);
  const show = () => document.documentElement.classList.add('icon-font');
  if (face.status === 'loaded') show();
  else face.loaded.then(show, () => undefined);
}

