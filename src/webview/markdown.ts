import type { createMarkdown } from './markdownRenderer';
import { MARKDOWN_PIECE_CHARS, markdownPieces } from './markdownPieces';

/** The renderer answers are rendered with (src/webview/markdownRenderer.ts, in its own chunk). */
export type Markdown = ReturnType<typeof createMarkdown>;

export interface SplitRender {
  /** HTML of the blocks that can no longer change. */
  finishedHtml: string;
  /** How many characters of the source those blocks cover (always a line start). */
  finishedChars: number;
  /** HTML of the last block, which may still grow. */
  tailHtml: string;
}

/**
 * Renders `source` and splits it at the start of its last top-level block: everything before
 * is final (more text can only extend or follow the last block), so it is rendered once and
 * never again. With `final`, everything is finished. A text longer than MARKDOWN_PIECE_CHARS is
 * rendered in pieces (markdownPieces), so hostile input costs linear time, and while streaming a
 * giant block is committed in pieces too: the growing tail, re-rendered on every frame, stays
 * bounded, or a long stream would cost quadratic time.
 */
export function renderSplit(md: Markdown, source: string, final: boolean, pieceChars = MARKDOWN_PIECE_CHARS): SplitRender {
  const env: Record<string, unknown> = {};
  const pieces = markdownPieces(source, pieceChars);
  const last = final ? '' : pieces.pop()!;
  const finishedHtml = pieces.map((piece) => md.renderer.render(md.parse(piece, env), md.options, env)).join('');
  const done = source.length - last.length;
  if (final) return { finishedHtml, finishedChars: source.length, tailHtml: '' };
  const tail = splitLastBlock(md, last, env);
  return { finishedHtml: finishedHtml + tail.finishedHtml, finishedChars: done + tail.finishedChars, tailHtml: tail.tailHtml };
}

function splitLastBlock(md: Markdown, source: string, env: Record<string, unknown>): SplitRender {
  const tokens = md.parse(tidyOpenMarkers(source), env);
  let lastStart = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.level === 0 && t.nesting !== -1 && t.map) {
      lastStart = i;
      break;
    }
  }
  if (lastStart <= 0) return { finishedHtml: '', finishedChars: 0, tailHtml: md.renderer.render(tokens, md.options, env) };
  const line = tokens[lastStart]!.map![0];
  return {
    finishedHtml: md.renderer.render(tokens.slice(0, lastStart), md.options, env),
    finishedChars: offsetOfLine(source, line),
    tailHtml: md.renderer.render(tokens.slice(lastStart), md.options, env),
  };
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/**
 * While a block is still streaming, close a dangling `**` or backtick in its last paragraph so
 * half-written emphasis and inline code look like what they will become, not like stray marks.
 */
export function tidyOpenMarkers(source: string): string {
  const fences = source.match(/^ {0,3}(```|~~~)/gm)?.length ?? 0;
  if (fences % 2 === 1) return source; // inside an open code fence: leave code alone
  const paragraphStart = source.lastIndexOf('\n\n') + 1;
  const paragraph = source.slice(paragraphStart);
  let suffix = '';
  const ticks = paragraph.match(/`/g)?.length ?? 0;
  if (ticks % 2 === 1) suffix += '`';
  const outsideCode = paragraph.replace(/`[^`]*`?/g, '');
  const bold = outsideCode.match(/\*\*/g)?.length ?? 0;
  if (bold % 2 === 1 && !/\*\*\s*$/.test(paragraph)) suffix += '**';
  return suffix ? source + suffix : source;
}
