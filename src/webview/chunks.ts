/**
 * The webview's lazily loaded files: the chunks (dist/webview-markdown.js, dist/webview-highlight.js),
 * each added as a <script> carrying this page's nonce (the CSP allows scripts only with it). The host
 * writes the chat bundle into the page, so the page names the chunks' folder (dist/) in
 * `data-chunks`; a page that loads the bundle from its file finds them beside it.
 */

// Read while this bundle runs: `currentScript` is only set then. The nonce property survives
// the browser hiding the attribute.
const ownScript = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);

/**
 * The address of `file` in the chunks' folder (dist/), if this page has one. The turns chunk has a
 * copy of this module and loads the highlighter; written into the page (one that opens on turns)
 * it has no address of its own, so it reads the chat bundle's `data-chunks` (on a script with the
 * page's nonce: the host's, never one in a turn, which the sanitizer drops anyway).
 */
function chunkUrl(file: string): string | undefined {
  const chatBundle = () => document.querySelector<HTMLScriptElement>('script[nonce][data-chunks]')?.dataset.chunks;
  const base = ownScript?.dataset.chunks || ownScript?.src || chatBundle();
  return base ? new URL(file, new URL(base, document.baseURI)).href : undefined;
}

/** Adds `file` from the chunks' folder to the page; false (nothing added) if this page has no such folder. */
export function addChunk(file: string, loaded: () => void, failed: () => void): boolean {
  const src = chunkUrl(file);
  if (!src) return false;
  const script = document.createElement('script');
  script.nonce = ownScript!.nonce;
  script.src = src;
  script.addEventListener('load', loaded);
  script.addEventListener('error', failed);
  document.head.append(script);
  return true;
}
