/**
 * How history text is compared and shown: folding (case, compatibility forms, accents, typographic
 * punctuation) with a map back to the original positions, occurrence counts and hit snippets.
 * Shared by the search (historySearch.ts) and its persisted index (historyIndex.ts).
 */

const SNIPPET_CHARS = 80;
/** Characters of context kept before the match, when the snippet has to be cut. */
const SNIPPET_BEFORE = 25;

export function count(text: string, word: string): { count: number; first: number } {
  const first = text.indexOf(word);
  if (first < 0) return { count: 0, first };
  let n = 1;
  for (let at = text.indexOf(word, first + word.length); at >= 0; at = text.indexOf(word, at + word.length)) n++;
  return { count: n, first };
}

/** About SNIPPET_CHARS of text from a little before position `at`, whitespace collapsed, cut at spaces where it can be. */
export function snippet(text: string, at: number): string {
  // Enough text on each side that collapsing whitespace still leaves a full snippet.
  const from = Math.max(0, at - SNIPPET_CHARS * 2);
  const to = Math.min(text.length, at + SNIPPET_CHARS * 4);
  let before = collapse(text.slice(from, at));
  let after = collapse(text.slice(at, to));
  let cutBefore = from > 0;
  let cutAfter = to < text.length;
  // More context before the match when it sits near the end of its field.
  const keepBefore = Math.max(SNIPPET_BEFORE, SNIPPET_CHARS - after.length);
  if (before.length > keepBefore) {
    before = before.slice(before.length - keepBefore);
    cutBefore = true;
  }
  if (cutBefore) {
    const space = before.indexOf(' ');
    if (space >= 0) before = before.slice(space + 1);
  }
  const keepAfter = Math.max(SNIPPET_CHARS - before.length, 1);
  if (after.length > keepAfter) {
    after = after.slice(0, keepAfter);
    const space = after.lastIndexOf(' ');
    if (space > keepAfter / 2) after = after.slice(0, space);
    cutAfter = true;
  }
  return `${cutBefore ? '…' : ''}${(before + after).trim()}${cutAfter ? '…' : ''}`;
}

const collapse = (text: string): string => text.replace(/\s+/gu, ' ');

// --- folding -------------------------------------------------------------------------------

/**
 * Text folded for comparison, with what maps its positions back to the original: after the
 * position anchors[2k] in `text`, the original runs in step from anchors[2k+1]. Absent when the
 * two run in step throughout (the usual case: ASCII, and most accented or non-Latin letters).
 */
export interface Folded {
  text: string;
  anchors?: number[];
}

const NON_ASCII = /[^\0-\x7f]+/gu;
const DIACRITICS = /[\u0300-\u036f]/gu;
/** Typographic quotes and dashes compare as their ASCII forms ("don't" finds "don’t"), one character for one. */
const PUNCTUATION: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
};
const foldedChars = new Map<string, string>();

/** Compatibility forms (NFKC), lower case, Latin/Greek/Cyrillic accents removed, typographic quotes and dashes as ASCII. */
function foldChar(ch: string): string {
  let folded = foldedChars.get(ch);
  if (folded === undefined) {
    folded = PUNCTUATION[ch] ?? ch.normalize('NFKD').replace(DIACRITICS, '').normalize('NFC').toLowerCase();
    if (foldedChars.size < 4096) foldedChars.set(ch, folded);
  }
  return folded;
}

/** Folds ASCII runs with toLowerCase (same length), and other characters one by one. */
export function fold(raw: string): Folded {
  NON_ASCII.lastIndex = 0;
  if (!NON_ASCII.test(raw)) return { text: raw.toLowerCase() };
  const parts: string[] = [];
  const anchors: number[] = [];
  let out = 0;
  let last = 0;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(raw); m; m = NON_ASCII.exec(raw)) {
    const ascii = raw.slice(last, m.index).toLowerCase();
    parts.push(ascii);
    out += ascii.length;
    let at = m.index;
    for (const ch of m[0]) {
      const folded = foldChar(ch);
      parts.push(folded);
      out += folded.length;
      at += ch.length;
      if (folded.length !== ch.length) anchors.push(out, at);
    }
    last = at;
  }
  parts.push(raw.slice(last).toLowerCase());
  return anchors.length > 0 ? { text: parts.join(''), anchors } : { text: parts.join('') };
}

/** The position in the original text of position `at` of its folded text. */
export function toRaw(folded: Folded, at: number, rawLength: number): number {
  const anchors = folded.anchors;
  if (!anchors) return Math.min(at, rawLength);
  let lo = -1;
  let hi = anchors.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (anchors[mid * 2]! <= at) lo = mid;
    else hi = mid - 1;
  }
  const fromText = lo < 0 ? 0 : anchors[lo * 2]!;
  const fromRaw = lo < 0 ? 0 : anchors[lo * 2 + 1]!;
  const limit = lo + 1 < anchors.length / 2 ? anchors[(lo + 1) * 2 + 1]! : rawLength;
  return Math.min(fromRaw + (at - fromText), limit, rawLength);
}
