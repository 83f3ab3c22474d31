/**
 * The webview's lazily loaded chunks (dist/webview-markdown.js, dist/webview-highlight.js): each is
 * added as a <script> carrying this page's nonce (the CSP allows scripts only with it). The host
 * writes the chat bundle into the page, so the page names the chunks' folder in `data-chunks`;
 * a page that loads the bundle from its file instead finds them beside it.
 */

// Read while this bundle runs: `currentScript` is only set then. The nonce property survives
// the browser hiding the attribute.
const ownScript = typeof document === 'undefined' ? null : (document.currentScript as HTMLScriptElement | null);

/** Adds `file` from the chunks' folder to the page; false (nothing added) if this page has no such folder. */
export function addChunk(file: string, loaded: () => void, failed: () => void): boolean {
  const base = ownScript?.dataset.chunks || ownScript?.src;
  if (!base) return false;
  const script = document.createElement('script');
  script.nonce = ownScript!.nonce;
  script.src = new URL(file, new URL(base, document.baseURI)).href;
  script.addEventListener('load', loaded);
  script.addEventListener('error', failed);
  document.head.append(script);
  return true;
}
