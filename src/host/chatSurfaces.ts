import * as vscode from 'vscode';
import type { Log } from '../core/redact';
import { parseWebviewMessage, type HostMessage } from '../shared/messages';
import type { ChatController } from './chatController';
import { dispatch, type WebviewHandlers } from './webviewHandlers';
import { chatHtml, webviewOptions } from './webviewHtml';

export const CHAT_VIEW = 'youAgents.chat';
export const CHAT_PANEL = 'youAgents.chatPanel';

/**
 * Hosts the chat webview in the sidebar view and, on request, in an editor panel (restored
 * after a window reload by the serializer). Both show the same controller.
 */
export class ChatSurfaces implements vscode.WebviewViewProvider, vscode.WebviewPanelSerializer, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
    private readonly handlers: WebviewHandlers,
    private readonly log: Log,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.connect(view.webview, view, () => view.show(false));
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    this.adoptPanel(panel);
  }

  /** Shows the chat where the user wants it, without taking focus from the editor. */
  async reveal(where: 'sidebar' | 'editor'): Promise<void> {
    if (where === 'editor') {
      if (this.panel) this.panel.reveal(undefined, true);
      else {
        const where = { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true };
        this.adoptPanel(vscode.window.createWebviewPanel(CHAT_PANEL, vscode.l10n.t('You.com Chat'), where, webviewOptions(this.extensionUri)));
      }
      return;
    }
    if (this.view) {
      this.view.show(true);
      return;
    }
    const editorHadFocus = vscode.window.activeTextEditor !== undefined;
    await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    if (editorHadFocus) await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  }

  /** Moves keyboard focus into the composer (the user asked for the chat). */
  async focusComposer(): Promise<void> {
    if (this.panel) this.panel.reveal(undefined, false);
    else await vscode.commands.executeCommand(`${CHAT_VIEW}.focus`);
    this.post({ type: 'focusComposer' });
  }

  private adoptPanel(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'you.svg');
    this.connect(panel.webview, panel, () => panel.reveal(undefined, false));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  /** Sends a message to every chat view (state the controller does not own: attachments). */
  postToViews(message: HostMessage): void {
    this.post(message);
  }

  private post(message: Parameters<vscode.Webview['postMessage']>[0]): void {
    void this.view?.webview.postMessage(message);
    void this.panel?.webview.postMessage(message);
  }

  /** `focus` gives keyboard focus back to this webview (see the openLink case below). */
  private connect(webview: vscode.Webview, owner: { onDidDispose: vscode.Event<void> }, focus: () => void): void {
    webview.options = webviewOptions(this.extensionUri);
    webview.html = chatHtml(webview, this.extensionUri, vscode.l10n.t('You.com Chat'));
    const surface = this.controller.attach({ post: (message) => void webview.postMessage(message) });
    const listener = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw);
      if (!message) {
        this.log.warn('dropped a malformed message from the webview');
        return;
      }
      const reply = (answer: Parameters<vscode.Webview['postMessage']>[0]) => void webview.postMessage(answer);
      dispatch(this.handlers, message, reply)
        .then(() => {
          // VS Code's "open external website?" dialog does not always give focus back to the webview
          // it came from; the chat takes it back, and puts it on the link (src/webview/focus.ts).
          if (message.type === 'openLink') focus();
        })
        .catch((err: unknown) => this.log.error(`webview message ${message.type} failed: ${String(err)}`));
    });
    owner.onDidDispose(() => {
      surface.dispose();
      listener.dispose();
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
