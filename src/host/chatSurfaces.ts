import {
  commands,
  type Disposable,
  type Event,
  l10n,
  Uri,
  ViewColumn,
  type Webview,
  type WebviewPanel,
  type WebviewPanelSerializer,
  type WebviewView,
  type WebviewViewProvider,
  window,
} from 'vscode';
import type { Log } from '../core/redact';
import { parseWebviewMessage, type HostMessage } from '../shared/messages';
import type { ChatController } from './chatController';
import { dispatch, type WebviewHandlers } from './common/webviewHandlers';
import { CHAT_PANEL, CHAT_VIEW } from './viewIds';
import { chatHtml, webviewOptions } from './webviewHtml';

export { CHAT_PANEL, CHAT_VIEW };

/**
 * Hosts the chat webview in the sidebar view and, on request, in an editor panel (restored
 * after a window reload by the serializer). Both show the same controller.
 */
export class ChatSurfaces implements WebviewViewProvider, WebviewPanelSerializer, Disposable {
  private view: WebviewView | undefined;
  private panel: WebviewPanel | undefined;
  /** Per connected page: called on every message posted to it (its embedded state may be older). */
  private readonly posted = new Map<Webview, () => void>();

  constructor(
    private readonly extensionUri: Uri,
    private readonly controller: ChatController,
    private readonly handlers: WebviewHandlers,
    private readonly log: Log,
    /** The messages a view paints first (its state, the chips): written into its HTML. */
    private readonly firstMessages: () => Promise<HostMessage[]>,
  ) {}

  async resolveWebviewView(view: WebviewView): Promise<void> {
    this.view = view;
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
    await this.connect(view.webview, view, () => view.show(false));
  }

  async deserializeWebviewPanel(panel: WebviewPanel): Promise<void> {
    await this.adoptPanel(panel);
  }

  /** Shows the chat where the user wants it, without taking focus from the editor. */
  async reveal(where: 'sidebar' | 'editor'): Promise<void> {
    if (where === 'editor') {
      if (this.panel) this.panel.reveal(undefined, true);
      else {
        const where = { viewColumn: ViewColumn.Beside, preserveFocus: true };
        await this.adoptPanel(window.createWebviewPanel(CHAT_PANEL, l10n.t('You.com Chat'), where, webviewOptions(this.extensionUri)));
      }
      return;
    }
    if (this.view) {
      this.view.show(true);
      return;
    }
    const editorHadFocus = window.activeTextEditor !== undefined;
    await commands.executeCommand(`${CHAT_VIEW}.focus`);
    if (editorHadFocus) await commands.executeCommand('workbench.action.focusActiveEditorGroup');
  }

  /** Moves keyboard focus into the composer (the user asked for the chat). */
  async focusComposer(): Promise<void> {
    if (this.panel) this.panel.reveal(undefined, false);
    else await commands.executeCommand(`${CHAT_VIEW}.focus`);
    this.post({ type: 'focusComposer' });
  }

  private async adoptPanel(panel: WebviewPanel): Promise<void> {
    this.panel = panel;
    panel.iconPath = Uri.joinPath(this.extensionUri, 'media', 'you.svg');
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    await this.connect(panel.webview, panel, () => panel.reveal(undefined, false));
  }

  /** Sends a message to every chat view (state the controller does not own: attachments). */
  postToViews(message: HostMessage): void {
    this.post(message);
  }

  private post(message: Parameters<Webview['postMessage']>[0]): void {
    for (const webview of [this.view?.webview, this.panel?.webview]) {
      if (!webview) continue;
      this.posted.get(webview)?.();
      void webview.postMessage(message);
    }
  }

  /**
   * Writes the page with the view's first messages in it and starts listening, in the same turn:
   * every message posted after the page's state reaches it. The page still says `ready`; it is
   * answered only if something was posted since (its state may be older) or the page loaded again
   * (VS Code reloads a hidden view's page from the same HTML). `focus` gives keyboard focus back to
   * this webview (see the openLink case below).
   */
  private async connect(webview: Webview, owner: { onDidDispose: Event<void> }, focus: () => void): Promise<void> {
    webview.options = webviewOptions(this.extensionUri);
    let closed = false;
    const closing = owner.onDidDispose(() => (closed = true));
    const first = await this.firstMessages();
    closing.dispose();
    if (closed) return; // closed while the keys loaded: there is no page to write
    let pageIsCurrent = true;
    webview.html = chatHtml(webview, this.extensionUri, l10n.t('You.com Chat'), first);
    this.posted.set(webview, () => (pageIsCurrent = false));
    const surface = this.controller.attach({
      post: (message) => {
        pageIsCurrent = false;
        void webview.postMessage(message);
      },
    });
    const listener = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw);
      if (!message) {
        this.log.warn('dropped a malformed message from the webview');
        return;
      }
      if (message.type === 'ready' && pageIsCurrent) {
        pageIsCurrent = false;
        return;
      }
      const reply = (answer: Parameters<Webview['postMessage']>[0]) => void webview.postMessage(answer);
      dispatch(this.handlers, message, reply)
        .then(() => {
          // VS Code's "open external website?" dialog does not always give focus back to the webview
          // it came from; the chat takes it back, and puts it on the link (src/webview/focus.ts).
          if (message.type === 'openLink') focus();
        })
        .catch((err: unknown) => this.log.error(`webview message ${message.type} failed: ${String(err)}`));
    });
    owner.onDidDispose(() => {
      this.posted.delete(webview);
      surface.dispose();
      listener.dispose();
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
