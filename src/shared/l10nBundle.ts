/**
 * How the host hands its active l10n bundle (English message -> translation) to the webview:
 * as JSON inside a non-executed `<script type="application/json" id="l10n">` element, so the
 * webview has its strings before it first renders and the CSP needs no change.
 */
export type L10nBundle = Record<string, string>;

export const L10N_ELEMENT_ID = 'l10n';

/** Caps what the webview accepts: a bundle is a few hundred short strings. */
const MAX_ENTRIES = 5000;
const MAX_TEXT = 10_000;

/**
 * JSON safe to place between `<script ...>` and `</script>`: `<`, `>` and `&` are escaped as
 * \u sequences (JSON.parse reads them back), so `</script>` or `<!--` in a translation cannot
 * end the element; U+2028/U+2029 are escaped too.
 */
export function bundleToScriptJson(bundle: L10nBundle | undefined): string {
  return toScriptJson(bundle ?? {});
}

/** Any JSON value, escaped as above (the view's first messages ride the same way). */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Reads a bundle back; anything malformed yields an empty bundle (English), never a throw. */
export function parseBundle(text: string | null | undefined): L10nBundle {
  const bundle: L10nBundle = Object.create(null) as L10nBundle;
  if (!text) return bundle;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bundle;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bundle;
  let count = 0;
  for (const [key, translation] of Object.entries(value)) {
    if (++count > MAX_ENTRIES) break;
    if (typeof translation === 'string' && key.length <= MAX_TEXT && translation.length <= MAX_TEXT) bundle[key] = translation;
  }
  return bundle;
}
