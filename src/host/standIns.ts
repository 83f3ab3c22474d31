// Named imports: esbuild wraps a namespace import (`* as vscode`) in a copy of the whole API, per file.
import {
  chat as vscodeChat,
  commands,
  Disposable,
  EventEmitter,
  lm,
  Uri,
  window,
  type ChatRequestHandler,
  type ExtensionContext,
  type LanguageModelChatProvider,
  type LanguageModelTool,
  type WebviewView,
} from 'vscode';
import type { Started } from './main';
import { CONTENTS_TOOL_NAME, PARTICIPANT_ID, SEARCH_TOOL_NAME, TOOL_NAME, VENDOR } from './common/nativeChat/choices';
import { chatCapabilities } from './nativeChat/open';
import { writeSavedPage } from './savedPage';
import { CHAT_PANEL, CHAT_VIEW, KEEP_PAGE_WHEN_HIDDEN } from './viewIds';

/**
 * What activation registers: stand-ins for everything VS Code shows or calls before the user has
 * used the extension (commands, the chat view and panel, `@you`, the models, `#youcom`). Each
 * loads the rest (`load`, dist/extension-main.js) on its first call and hands the call on. This
 * file and src/extension.ts import nothing else at run time, so activation stays small.
 */

/** A stand-in for every contributed command: the first call loads the rest, whose real commands replace these, and runs it again. */
export function registerCommandStandIns(context: ExtensionContext, run: (id: string, args: unknown[]) => unknown): Disposable {
  const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  // One handler for all: VS Code calls it with its command as `this` (registerCommand's thisArg).
  const standIn = function (this: { id: string }, ...args: unknown[]) {
    return run(this.id, args);
  };
  return Disposable.from(...contributed.map(({ command }) => commands.registerCommand(command, standIn, { id: command })));
}

export interface ViewStandIns {
  disposables: Disposable[];
  /** Hands every page still waiting for the rest to it (called once the rest has loaded). */
  adoptWaiting(): void;
}

/** The longest a view's saved page goes without the rest: a page that never says `idle` (the user types on and on, or its script failed). */
const REST_WAIT_MS = 10_000;

/**
 * The sidebar view and the editor panel (restored after a reload): shown by the real surfaces once
 * loaded. Before that, a view opens on the page the last window kept (src/host/savedPage.ts), and
 * the rest loads once the page says more than `ready`: that the user has left it idle for a second
 * after it showed, or what the user did in it (which the rest then handles). Its start-up work
 * (loading, registrations, the log, history) is work for the window too: started as the page
 * showed, it held up the first keys typed (the first open took 1.4x the floor's time; 1.0-1.1x
 * without it, in the bench). If something else loads the rest meanwhile (a command), `adoptWaiting`
 * hands the page over then.
 */
export function registerViewStandIns(load: () => Started, loaded: () => boolean, context: ExtensionContext): ViewStandIns {
  const waiting = new Set<() => void>();
  const resolveWebviewView = (view: WebviewView): Promise<void> | void => {
    const page = loaded() ? undefined : writeSavedPage(view, context.workspaceState, context.extensionUri);
    if (!page) return load().surfaces.resolveWebviewView(view);
    const adopt = () => {
      if (!waiting.delete(adopt)) return;
      clearTimeout(timer);
      load().surfaces.adoptView(view, page);
    };
    waiting.add(adopt);
    const timer = setTimeout(adopt, REST_WAIT_MS);
    void page.spoke.then(adopt);
  };
  return {
    disposables: [
      window.registerWebviewViewProvider(CHAT_VIEW, { resolveWebviewView }, { webviewOptions: KEEP_PAGE_WHEN_HIDDEN }),
      window.registerWebviewPanelSerializer(CHAT_PANEL, { deserializeWebviewPanel: (panel) => load().surfaces.deserializeWebviewPanel(panel) }),
    ],
    adoptWaiting: () => [...waiting].forEach((adopt) => adopt()),
  };
}

/** `@you`, the agents as models and `#youcom`, where this VS Code has their API; returns what to dispose and a line for the log. */
export function registerChatStandIns(load: () => Started, extensionUri: Uri): { disposables: Disposable[]; report: string } {
  const capabilities = chatCapabilities();
  const disposables: Disposable[] = [];
  const chat = () => load().nativeChat;
  if (capabilities.participants) {
    const answer: ChatRequestHandler = (request, context, stream, token) => chat().answer(request, context, stream, token);
    const participant = vscodeChat.createChatParticipant(PARTICIPANT_ID, answer);
    participant.iconPath = Uri.joinPath(extensionUri, 'media', 'you.svg');
    participant.followupProvider = { provideFollowups: (result, context, token) => chat().followups.provideFollowups(result, context, token) };
    disposables.push(participant);
  }
  if (capabilities.models) {
    // The real provider's change events, passed on once it exists (it has none before).
    const changed = new EventEmitter<void>();
    let forwarding: Disposable | undefined;
    const models = () => {
      const real = chat().models;
      forwarding ??= real.onDidChangeLanguageModelChatInformation(() => changed.fire());
      return real;
    };
    const provider: LanguageModelChatProvider = {
      onDidChangeLanguageModelChatInformation: changed.event,
      provideLanguageModelChatInformation: () => models().provideLanguageModelChatInformation(),
      provideLanguageModelChatResponse: (model, messages, options, progress, token) =>
        models().provideLanguageModelChatResponse(model, messages, options, progress, token),
      provideTokenCount: (model, text) => models().provideTokenCount(model, text),
    };
    const stopForwarding = { dispose: () => forwarding?.dispose() };
    disposables.push(changed, stopForwarding, lm.registerLanguageModelChatProvider(VENDOR, provider));
  }
  if (capabilities.tools) {
    const tool: LanguageModelTool<{ query: string }> = {
      prepareInvocation: (options) => chat().tool.prepareInvocation(options),
      invoke: (options, token) => chat().tool.invoke(options, token),
    };
    const searchTool: LanguageModelTool<unknown> = {
      prepareInvocation: (options) => chat().searchTool.prepareInvocation(options as never),
      invoke: (options, token) => chat().searchTool.invoke(options as never, token),
    };
    const contentsTool: LanguageModelTool<unknown> = {
      prepareInvocation: (options) => chat().contentsTool.prepareInvocation(options as never),
      invoke: (options, token) => chat().contentsTool.invoke(options as never, token),
    };
    disposables.push(lm.registerTool(TOOL_NAME, tool), lm.registerTool(SEARCH_TOOL_NAME, searchTool), lm.registerTool(CONTENTS_TOOL_NAME, contentsTool));
  }
  const on = (available: boolean) => (available ? 'registered' : 'not available in this VS Code');
  const report = `VS Code Chat: participant ${on(capabilities.participants)}, models ${on(capabilities.models)}, tool ${on(capabilities.tools)}`;
  return { disposables, report };
}

/**
 * Shows the commands that ask in VS Code's Chat (`youAgents.nativeChat` in package.json's `when`
 * clauses) where this VS Code has participants. Called on first use: the context key costs a
 * command round trip that activation need not pay, and the view title, where it matters, loads
 * the rest as it opens.
 */
export function showNativeChatCommands(): void {
  void commands.executeCommand('setContext', 'youAgents.nativeChat', chatCapabilities().participants);
}
