/**
 * The contract between the chat bundle and the lazily loaded highlight chunk
 * (dist/webview-highlight.js): the chunk sets this global when it runs.
 */
export interface Highlighter {
  /** HTML of `code` marked up with `<span class="hljs-…">`; its text is escaped by highlight.js. */
  highlight(code: string, grammar: string): string;
}

export const HIGHLIGHTER_GLOBAL = 'youAgentsHighlighter';
