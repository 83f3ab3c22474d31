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
import { isPageReady, parseWebviewMessage, type HostMessage } from '../shared/messages';
import type { ChatController } from './chatController';
import { PageMirror } from './common/firstPage';
import { dispatch, type WebviewHandlers } from './common/webviewHandlers';
import type { SavedPage } from './savedPage';
import { CHAT_PANEL, CHAT_VIEW, KEEP_PAGE_WHEN_HIDDEN } from './viewIds';
import { chatHtml, chatTitle, webviewOptions } from './webviewHtml';

export { CHAT_PANEL, CHAT_VIEW };

/**
 * Hosts the chat webview in the sidebar view and, on request, in an editor panel (restored
 * after a window reload by the serializer). Both show the same controller.
 */
export class ChatSurfaces implements WebviewViewProvider, WebviewPanelSerializer, Disposable {
  private view: WebviewView | undefined;
  private panel: WebviewPanel | undefined;
  /** Per connected page: how a message goes to it (PageMirror leaves out what it already shows). */
  private readonly senders = new Map<Webview, (message: HostMessage) => void>();

  constructor(
    private readonly extensionUri: Uri,
    private readonly controller: ChatController,
    private readonly handlers: WebviewHandlers,
    private readonly log: Log,
    /** The messages a view paints first (its state, the chips), once the keys are loaded: written into its HTML. */
    private readonly viewMessages: () => HostMessage[],
  ) {}

  async resolveWebviewView(view: WebviewView): Promise<void> {
    this.showIn(view);
    await this.connect(view.webview, view, () => view.show(false));
  }

  /**
   * Takes over a view whose page the bootstrap wrote from the last window's first page before the
   * rest had loaded (src/host/savedPage.ts). Once this window's conversation is restored, whatever
   * differs from the saved page is sent, and then what the page said meanwhile is handled, in order:
   * a Retry, Copy or question on the kept page acts on the restored chat, not on an empty one.
   */
  adoptView(view: WebviewView, saved: SavedPage): void {
    const held = saved.takeOver();
    if (!held) return; // closed before the rest loaded
    this.showIn(view);
    const webview = view.webview;
    // The controller's messages until the chat is restored are left out: the restored chat, whole, follows them.
    let restored = false;
    // Settles after the page is connected below (`restored` never settles synchronously).
    const shown = this.controller.restored
      .then(() => {
        restored = true;
        for (const message of this.viewMessages()) this.senders.get(webview)?.(message);
        this.log.info(`the chat view opened on the page the last window kept; ${page.sent} message(s) changed it since`);
      })
      .catch((err: unknown) => this.log.error(`the chat's page: ${String(err)}`));
    const page = this.listen(webview, view, () => view.show(false), saved.messages, held, () => restored, shown);
  }

  private showIn(view: WebviewView): void {
    this.view = view;
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
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
        const options = { ...webviewOptions(this.extensionUri), ...KEEP_PAGE_WHEN_HIDDEN };
        await this.adoptPanel(window.createWebviewPanel(CHAT_PANEL, l10n.t('You.com Chat'), where, options));
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

  private post(message: HostMessage): void {
    for (const webview of [this.view?.webview, this.panel?.webview]) {
      if (webview) this.senders.get(webview)?.(message);
    }
  }

  /** Writes the page with the view's first messages in it, and connects it (`listen`). */
  private async connect(webview: Webview, owner: { onDidDispose: Event<void> }, focus: () => void): Promise<void> {
    webview.options = webviewOptions(this.extensionUri);
    let closed = false;
    const closing = owner.onDidDispose(() => (closed = true));
    await this.controller.ready;
    const first = this.viewMessages();
    closing.dispose();
    if (closed) return; // closed while the keys loaded: there is no page to write
    webview.html = chatHtml(webview, this.extensionUri, chatTitle(), first);
    this.listen(webview, owner, focus, first, []);
  }

  /**
   * Connects a written page, in the same turn as it was written (or as the bootstrap's hold on it
   * ends): every message posted from now on reaches it, and `held`, what it sent before, is handled
   * first. The page still says `ready`; it is answered only if the page is no longer what it was
   * written with (PageMirror), or loaded again from the same HTML (VS Code may recreate a webview's
   * page; a hidden one is kept, see KEEP_PAGE_WHEN_HIDDEN). `focus` gives keyboard focus back to this webview (see the openLink case below);
   * `following`, whether the controller's messages go to the page yet; `after`, what the page's
   * messages wait for (an adopted page: the restored chat sent to it), then handled in the order
   * they came, held ones first, but for a `ready`, which what was sent answered.
   */
  private listen(
    webview: Webview,
    owner: { onDidDispose: Event<void> },
    focus: () => void,
    written: readonly unknown[],
    held: unknown[],
    following: () => boolean = () => true,
    after?: Promise<void>,
  ): PageMirror {
    const page = new PageMirror(written);
    const send = (message: HostMessage) => page.needs(message) && void webview.postMessage(message);
    this.senders.set(webview, send);
    const surface = this.controller.attach({ post: (message) => following() && send(message) });
    const handle = (raw: unknown) => {
      const message = parseWebviewMessage(raw);
      if (!message) {
        this.log.warn('dropped a malformed message from the webview');
        return;
      }
      if (message.type === 'ready' && page.current) return;
      // An answer to the page's request always goes; the page shows something else from then on.
      const reply = (answer: HostMessage) => {
        page.markStale();
        void webview.postMessage(answer);
      };
      dispatch(this.handlers, message, reply)
        .then(() => {
          // VS Code's "open external website?" dialog does not always give focus back to the webview
          // it came from; the chat takes it back, and puts it on the link (src/webview/focus.ts).
          if (message.type === 'openLink') focus();
        })
        .catch((err: unknown) => this.log.error(`webview message ${message.type} failed: ${String(err)}`));
    };
    let waiting: unknown[] | undefined = after ? [...held] : undefined;
    const receive = (raw: unknown) => (waiting ? waiting.push(raw) : handle(raw));
    const listener = webview.onDidReceiveMessage(receive);
    if (after) {
      void after.then(() => {
        const queued = waiting ?? [];
        waiting = undefined;
        // A `ready` said meanwhile was answered by what `after` sent (the page then shows all it must).
        for (const raw of queued) if (!isPageReady(raw)) handle(raw);
      });
    } else held.forEach(handle);
    owner.onDidDispose(() => {
      this.senders.delete(webview);
      surface.dispose();
      listener.dispose();
    });
    return page;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
