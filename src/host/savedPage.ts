import type { Memento, Uri, WebviewView } from 'vscode';
import { FIRST_PAGE_KEY, keptFirstPage } from './common/firstPage';
import { isPageReady } from '../shared/messages';
import { chatHtml, chatTitle, webviewOptions } from './webviewHtml';

/** A view's page the bootstrap wrote from the saved first page; the rest takes it over (ChatSurfaces.adoptView). */
export interface SavedPage {
  /** What the page was written with. */
  readonly messages: readonly unknown[];
  /**
   * Settles when the page first says more than `ready`: that the user has left it idle for a while
   * (`idle`), or what the user did in it (a question, a button); or when the view closes.
   */
  readonly spoke: Promise<void>;
  /** Ends the bootstrap's hold on the page: what it sent meanwhile, or undefined if the view closed. */
  takeOver(): unknown[] | undefined;
}

/**
 * Writes the chat view's page from the first page the last window kept (src/host/common/firstPage.ts),
 * before the rest of the extension loads, and holds what the page sends until the rest takes it
 * over. Undefined, and nothing written, when no page was kept.
 */
export function writeSavedPage(view: WebviewView, workspaceState: Memento, extensionUri: Uri): SavedPage | undefined {
  const messages = keptFirstPage(workspaceState.get(FIRST_PAGE_KEY));
  if (!messages) return undefined;
  const webview = view.webview;
  webview.options = webviewOptions(extensionUri);
  webview.html = chatHtml(webview, extensionUri, chatTitle(), messages);
  const held: unknown[] = [];
  let closed = false;
  let settle = () => {};
  const spoke = new Promise<void>((resolve) => (settle = resolve));
  const holds = [
    webview.onDidReceiveMessage((message: unknown) => {
      held.push(message);
      if (!isPageReady(message)) settle();
    }),
    view.onDidDispose(() => {
      closed = true;
      settle();
    }),
  ];
  return {
    messages,
    spoke,
    takeOver: () => {
      for (const hold of holds) hold.dispose();
      return closed ? undefined : held;
    },
  };
}
