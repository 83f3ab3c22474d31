/**
 * The icon font rides in the chat's page (6 KB, 8 KB in base64, in a script element that never
 * runs, like the l10n bundle), so icons are there at the first paint: fetched after it, through VS
 * Code's webview service worker, the font cost a request and two more layouts of the page.
 */
export const ICON_FONT_ELEMENT_ID = 'icon-font';

/** The page's element for the font's bytes in base64, which is inert there; anything else (never our font) is left out. */
export function iconFontElement(base64: string): string {
  const inert = /^[A-Za-z0-9+/]*={0,2}$/.test(base64) ? base64 : '';
  return `<script type="application/octet-stream" id="${ICON_FONT_ELEMENT_ID}">${inert}</script>`;
}
