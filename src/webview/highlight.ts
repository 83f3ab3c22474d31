import { addChunk } from './chunks';
import { HIGHLIGHTER_GLOBAL, type Highlighter } from './highlightApi';
import { grammarForFence } from './highlightLanguages';
import { sanitizeHighlighted } from './sanitize';

/**
 * Syntax highlighting for code blocks, loaded lazily: the first block with a known fence language
 * adds dist/webview-highlight.js (./chunks; no unsafe-inline or unsafe-eval needed). Until it has
 * run, and forever if it fails to load, blocks stay plain text. When it arrives, blocks already shown are highlighted once.
 */

/** Bigger blocks stay plain: highlighting cost grows with the text, and such blocks are rare. */
const MAX_CODE_CHARS = 64 * 1024;

let state: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
let highlighter: Highlighter | undefined;

/** Highlights `code` (plain text from the sanitizer) if its fence names a known language and it is not too long. */
export function highlightCode(code: HTMLElement, language: string, maxChars = MAX_CODE_CHARS): void {
  const grammar = grammarForFence(language);
  if (!grammar || code.classList.contains('hljs')) return;
  // The chunk may already be on the page (added by an earlier load of this bundle, or preloaded).
  highlighter ??= (globalThis as Record<string, unknown>)[HIGHLIGHTER_GLOBAL] as Highlighter | undefined;
  if (!highlighter) {
    loadHighlighter();
    return;
  }
  const text = code.textContent ?? '';
  if (text.length > Math.min(maxChars, MAX_CODE_CHARS)) return;
  let html: string;
  try {
    html = highlighter.highlight(text, grammar);
  } catch {
    return; // a grammar that fails leaves its block plain
  }
  code.replaceChildren(sanitizeHighlighted(html));
  code.classList.add('hljs');
}

function loadHighlighter(): void {
  if (state !== 'idle') return;
  const loaded = () => {
    highlighter = (globalThis as Record<string, unknown>)[HIGHLIGHTER_GLOBAL] as Highlighter | undefined;
    state = highlighter ? 'ready' : 'failed';
    if (highlighter) highlightShownBlocks();
  };
  state = addChunk('webview-highlight.js', loaded, () => (state = 'failed')) ? 'loading' : 'failed';
}

function highlightShownBlocks(): void {
  for (const code of Array.from(document.querySelectorAll<HTMLElement>('.code-block pre > code:not(.hljs)'))) {
    highlightCode(code, code.closest<HTMLElement>('.code-block')?.dataset.language ?? '');
  }
}
