/**
 * Applying a code block from an answer to a document's text, as plain data: where it goes (a range
 * tracked through later edits), what the text becomes, and whether the document changed under a
 * proposed diff. No vscode import; the host maps documents and edits onto these shapes.
 */

/** A range as character offsets into a document's text, end exclusive. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** One text change, like VS Code's TextDocumentContentChangeEvent: `length` characters at `offset` became `text`. */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

/**
 * Where `range` is after `change`. Edits at or after its end leave it alone; edits before it (an
 * insertion right at its start included) shift it; an edit that overlaps it joins it: the range grows
 * to cover the edit's new text.
 */
export function trackRange(range: OffsetRange, change: TextChange): OffsetRange {
  const changeEnd = change.offset + change.length;
  const delta = change.text.length - change.length;
  if (change.offset >= range.end) return range;
  if (changeEnd <= range.start) return { start: range.start + delta, end: range.end + delta };
  return { start: Math.min(range.start, change.offset), end: Math.max(range.end, changeEnd) + delta };
}

/**
 * Applies changes in the order VS Code reports them within one event: each change's offset refers
 * to the text before that event, and the changes do not overlap, so they are applied from last to first.
 */
export function trackRangeThrough(range: OffsetRange, changes: readonly TextChange[]): OffsetRange {
  const ordered = [...changes].sort((a, b) => b.offset - a.offset);
  return ordered.reduce(trackRange, range);
}

/** The text with `range` replaced by `code`. */
export function applyBlock(text: string, range: OffsetRange, code: string): string {
  const start = clamp(range.start, 0, text.length);
  const end = clamp(range.end, start, text.length);
  return text.slice(0, start) + code + text.slice(end);
}

/**
 * A block as it should land in the text it replaces: its trailing line break follows what it
 * replaces (whole lines with their break keep one; a line selected without its break, as Home then
 * Shift+End selects it, gets none, so no empty line is left after the block), and a CRLF document
 * gets CRLF. An insertion (nothing replaced) keeps the block as it is.
 */
export function fitBlock(code: string, replaced: string, eol: '\n' | '\r\n'): string {
  const fitted = code.replace(/\r?\n/g, eol);
  if (replaced.endsWith('\n')) return fitted.endsWith('\n') ? fitted : fitted + eol;
  return replaced !== '' && fitted.endsWith(eol) ? fitted.slice(0, -eol.length) : fitted;
}

/** What a proposed diff was computed on, to refuse an Accept once the document moved on. */
export interface Snapshot {
  version: number;
  text: string;
}

export type Conflict = undefined | 'closed' | 'changed';

/** Why the proposal no longer fits the document, or undefined when it still does. */
export function conflictOf(proposal: Snapshot, current: Snapshot | undefined): Conflict {
  if (!current) return 'closed';
  if (current.version !== proposal.version || current.text !== proposal.text) return 'changed';
  return undefined;
}

/** A selection asked about, remembered with its turn and kept current as the document is edited. */
export interface Anchor {
  range: OffsetRange;
  /** The selected text when the question was asked. */
  original: string;
  /** The document version the range is current for. */
  version: number;
}

/**
 * Where the anchor's code is in `text` now. With `version` equal to the anchor's, the tracked range
 * is trusted; otherwise edits were missed (the document was closed and changed): the original text
 * is looked for, at its old place first, then anywhere if it occurs exactly once.
 */
export function locateAnchor(anchor: Anchor, text: string, version: number): OffsetRange | undefined {
  if (version === anchor.version && anchor.range.end <= text.length) return anchor.range;
  const { start } = anchor.range;
  if (text.slice(start, start + anchor.original.length) === anchor.original) return { start, end: start + anchor.original.length };
  const first = text.indexOf(anchor.original);
  if (first < 0 || !anchor.original || text.indexOf(anchor.original, first + 1) >= 0) return undefined;
  return { start: first, end: first + anchor.original.length };
}

function clamp(n: number, low: number, high: number): number {
  return Math.min(Math.max(n, low), high);
}
