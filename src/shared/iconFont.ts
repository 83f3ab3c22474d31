/**
 * The icon font rides in the chat's page (6 KB, 8 KB in base64, in a script element that never
 * runs, like the l10n bundle), so icons are there at the first paint: fetched after it, through VS
 * Code's webview service worker, the font cost a request and two more layouts of the page.
 */
export const ICON_FONT_ELEMENT_ID = 'icon-font';
