import { parseHTML } from 'linkedom';

/**
 * A standards DOM (linkedom) as the page globals the webview code uses (`document`, `Node`), so
 * the sanitiser and link marking run in plain Node. Installed once; the webview modules read
 * the globals when called, not when imported.
 */
export function installNodeDom(): void {
  const globals = globalThis as unknown as Record<string, unknown>;
  if (globals.document) return;
  const window = parseHTML('<!doctype html><html><head></head><body></body></html>');
  globals.document = window.document;
  globals.Node = window.Node;
  globals.HTMLElement = window.HTMLElement;
}
