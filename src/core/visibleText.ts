/**
 * Text shown to the user before it goes to an agent must show everything that goes: characters
 * that render as nothing (default-ignorable: zero-width, Unicode tag characters U+E0000–E007F,
 * variation selectors, soft hyphen), that reorder what is shown (bidi overrides, embeddings,
 * isolates, marks), and control characters (C0 except tab and line feed, DEL, C1, line and
 * paragraph separators) are written as `⟨U+XXXX⟩`. A literal `⟨` in the text is escaped too,
 * so a written-out `⟨U+202E⟩` cannot pass for an escape. One pass, linear in the text.
 */

/** Every character that `showHidden` escapes (tab and line feed stay, they are visible). */
const HIDDEN = /[\p{Default_Ignorable_Code_Point}\p{Cc}\u2028\u2029\u27E8]/gu;
const KEPT = new Set(['\t', '\n']);

/** The code point written as `⟨U+XXXX⟩` (at least four hex digits, upper case). */
export function escapeCodePoint(codePoint: number): string {
  return `⟨U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** `text` with every hidden, reordering or control character written as `⟨U+XXXX⟩`. */
export function showHidden(text: string): string {
  return text.replace(HIDDEN, (ch) => (KEPT.has(ch) ? ch : escapeCodePoint(ch.codePointAt(0)!)));
}

/** The hidden characters of `text` (as code points, first occurrence order, without repeats), at most `limit`. */
export function hiddenCodePoints(text: string, limit = 8): number[] {
  const found = new Set<number>();
  for (const match of text.matchAll(HIDDEN)) {
    const ch = match[0];
    if (KEPT.has(ch) || ch === '⟨') continue;
    found.add(ch.codePointAt(0)!);
    if (found.size >= limit) break;
  }
  return [...found];
}

/** True when `text` has a character that `showHidden` must escape to show it (a literal `⟨` aside). */
export function hasHidden(text: string): boolean {
  return hiddenCodePoints(text, 1).length > 0;
}
