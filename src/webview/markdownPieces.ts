/**
 * Larger texts are handed to markdown-it in pieces of about this size, so its work on any one
 * call is bounded whatever a server sends. Real answers' blocks are far smaller, so they are cut
 * only between top-level blocks, where rendering the pieces apart gives the same HTML.
 */
export const MARKDOWN_PIECE_CHARS = 32 * 1024;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Cuts `text` into pieces of at most `limit` characters where it can: at a blank line followed by
 * a line that must start a new top-level block (not indented, not a list marker, outside code
 * fences); failing that, at the last line end outside a fence; failing that (one giant line), at
 * `limit`. A code fence is never cut: a piece runs on to the fence's end (markdown-it reads a
 * fence's lines without inline parsing, in linear time). Linear: each character is scanned once
 * per piece it can end up in, and pieces do not overlap.
 */
export function markdownPieces(text: string, limit = MARKDOWN_PIECE_CHARS): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > limit) {
    const cut = pieceEnd(text, start, limit);
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  if (start < text.length || pieces.length === 0) pieces.push(text.slice(start));
  return pieces;
}

/** Where the piece starting at `start` (outside any fence) ends; see markdownPieces. */
export function pieceEnd(text: string, start: number, limit: number): number {
  const max = start + limit;
  let blockCut = 0;
  let lineCut = 0;
  let fence = '';
  let lineStart = start;
  let previousBlank = false;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    // A line may not end the piece past the limit, unless it closes a fence that began before it.
    if (lineEnd > max && !fence) break;
    const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 200));
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
        fence = '';
        if (lineEnd > max) return lineEnd;
        lineCut = lineEnd;
      }
      lineStart = lineEnd;
      continue;
    }
    if (previousBlank && lineStart > start && startsTopLevelBlock(line)) blockCut = lineStart;
    if (marker) fence = marker;
    else if (newline >= 0) lineCut = lineEnd;
    previousBlank = line.trim() === '';
    lineStart = lineEnd;
  }
  // A fence still open at the end of the text: the rest is one piece (see above).
  if (fence) return text.length;
  return blockCut || lineCut || cutAtLimit(text, max);
}

/** A line after a blank line that no list, quote or indented code can continue. */
function startsTopLevelBlock(line: string): boolean {
  return /^[^\s\-*+\d>|]/.test(line);
}

/** `max`, or one less so a surrogate pair is not split. */
function cutAtLimit(text: string, max: number): number {
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
