import type { Markdown } from './markdown';

/**
 * The contract with dist/webview-markdown.js: the chunk sets this global to its renderer when it
 * runs. The host's page carries the chunk before the chat's bundle when it opens on turns (they
 * need it for the first paint); otherwise `loadMarkdown` adds it after the first paint, as a
 * <script> with this page's nonce (the CSP allows scripts only with it).
 */
export const MARKDOWN_GLOBAL = 'youAgentsMarkdown';

// Read while this bundle runs: `currentScript` is only set then.
const ownScript = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);
let loading: Promise<Markdown> | undefined;

/** The renderer if its chunk has run. */
export function markdownNow(): Markdown | undefined {
  return (globalThis as Record<string, unknown>)[MARKDOWN_GLOBAL] as Markdown | undefined;
}

/** The renderer, loading its chunk (once) if it is not on the page yet. */
export function loadMarkdown(): Promise<Markdown> {
  const now = markdownNow();
  if (now) return Promise.resolve(now);
  loading ??= new Promise<Markdown>((resolve, reject) => {
    if (!ownScript?.src) return reject(new Error('the chat bundle has no address to load the Markdown renderer from'));
    const script = document.createElement('script');
    script.nonce = ownScript.nonce;
    script.src = new URL('webview-markdown.js', ownScript.src).href;
    script.addEventListener('load', () => {
      const md = markdownNow();
      if (md) resolve(md);
      else reject(new Error('the Markdown renderer did not load'));
    });
    script.addEventListener('error', () => reject(new Error('the Markdown renderer did not load')));
    document.head.append(script);
  });
  return loading;
}
