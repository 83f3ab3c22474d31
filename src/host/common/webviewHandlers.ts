import type { AttachKind, AttachmentChip, HostMessage, WebviewMessage, WebviewMessageOf, WebviewMessageType } from '../../shared/messages';

/**
 * The one place a webview message is handled: one handler per message type, and the compiler
 * checks that every type has one. Handlers reach VS Code only through `HostApi`, so the table
 * is tested in plain Node with fakes.
 */
export type WebviewHandlers = { [K in WebviewMessageType]: (message: WebviewMessageOf<K>, reply: (message: HostMessage) => void) => unknown };

/** What the handlers need from the chat controller. */
export interface ChatPort {
  ready: Promise<void>;
  state(): Extract<HostMessage, { type: 'state' }>['state'];
  /** `label` is what the chat shows when the question sent is longer (attachments). */
  ask(text: string, label?: string): Promise<void>;
  stop(): Promise<void>;
  retry(turnId: string): Promise<void>;
  edit(turnId: string, text: string): Promise<void>;
  regenerate(turnId: string): Promise<void>;
  showAnswer(turnId: string, index: number): Promise<boolean>;
  /** The shown answer of a turn of the chat shown, as Markdown with its sources. */
  answerMarkdown(turnId: string): string | undefined;
  resume(turnId: string, text: string): Promise<void>;
  selectAgent(agentId: string): Promise<void>;
  newChat(): Promise<void>;
}

/** What the handlers need from VS Code: our own commands, and what the webview may not do itself. */
export interface HostApi {
  /** Runs one of the extension's commands (they own the UI flows: key, history, export, demo). */
  command<T = unknown>(id: string, ...args: unknown[]): Thenable<T | undefined>;
  /** Puts `text` on the clipboard; the confirmation names what was copied (a code block or the whole answer). */
  copy(text: string, what: 'code' | 'answer'): Promise<void>;
  insert(code: string): Promise<void>;
  openCode(code: string, language: string): Promise<void>;
  openLink(url: string): Promise<void>;
  /** Opens You.com's key page, or its credits page (`url` when it is a you.com page). */
  openYouPage(page: 'key' | 'credits', url?: string): Promise<void>;
}

/** What the handlers need from the code features (src/host/code): applying blocks, and context attached to the next question. */
export interface CodePort {
  apply(code: string, turnId?: string): Promise<void>;
  attach(what: AttachKind): Promise<unknown>;
  detach(id: string): void;
  /** The chips of the chat shown, to send a view that (re)loads. */
  chips(): AttachmentChip[];
  /** The question with the chat's attachments, and the label the chat shows; the attachments are then cleared. */
  takeForAsk(text: string): { question: string; label?: string };
}

export function webviewHandlers(chat: ChatPort, host: HostApi, code?: CodePort): WebviewHandlers {
  return {
    ready: async (_message, reply) => {
      for (const message of await firstMessages(chat, code)) reply(message);
    },
    // Only the bootstrap acts on it, by loading the rest (src/host/standIns.ts); once loaded, there is nothing to do.
    idle: () => undefined,
    ask: (message) => {
      const sent = code?.takeForAsk(message.text);
      return sent ? chat.ask(sent.question, sent.label) : chat.ask(message.text);
    },
    stop: () => chat.stop(),
    retry: (message) => chat.retry(message.turnId),
    edit: (message) => chat.edit(message.turnId, message.text),
    regenerate: (message) => chat.regenerate(message.turnId),
    showAnswer: (message) => chat.showAnswer(message.turnId, message.index),
    copyAnswer: (message) => {
      const markdown = chat.answerMarkdown(message.turnId);
      return markdown === undefined ? undefined : host.copy(markdown, 'answer');
    },
    accessibleView: (message) => host.command('youAgents.openAccessibleView', ...(message.turnId ? [message.turnId] : [])),
    resume: (message) => chat.resume(message.turnId, message.text),
    selectAgent: (message) => chat.selectAgent(message.agentId),
    newChat: () => chat.newChat(),
    copyCode: (message) => host.copy(message.code, 'code'),
    insertCode: (message) => host.insert(message.code),
    openCode: (message) => host.openCode(message.code, message.language),
    openLink: (message) => host.openLink(message.url),
    applyCode: (message) => code?.apply(message.code, message.turnId),
    attach: (message) => code?.attach(message.what),
    detach: (message) => code?.detach(message.id),
    setKey: async (message) => {
      const stored = await host.command<boolean>('youAgents.setApiKey');
      if (stored === true && message.turnId) await chat.retry(message.turnId);
    },
    getKey: () => host.openYouPage('key'),
    addCredits: (message) => host.openYouPage('credits', message.url),
    tryDemo: () => host.command('youAgents.tryDemo'),
    showLogs: () => host.command('youAgents.showLogs'),
    openSettings: () => host.command('workbench.action.openSettings', 'youAgents'),
    showHistory: () => host.command('youAgents.showHistory'),
    exportChat: () => host.command('youAgents.exportChat'),
    setResearchEffort: (message) => host.command('youAgents.setResearchEffort', message.effort),
    saveReport: (message) => host.command('youAgents.saveReport', message.turnId),
    stopResearch: (message) => host.command('youAgents.stopResearch', message.turnId),
  };
}

/**
 * What a view needs to show the chat: its state (once the keys are loaded, so it shows the composer
 * or the welcome, not a guess) and the composer's chips. Written into the view's HTML, and sent
 * again when a view asks (`ready`) with a page older than the state.
 */
export async function firstMessages(chat: Pick<ChatPort, 'ready' | 'state'>, code?: Pick<CodePort, 'chips'>): Promise<HostMessage[]> {
  await chat.ready;
  return viewMessages(chat, code);
}

/** The same, now: for callers that know the keys are loaded. */
export function viewMessages(chat: Pick<ChatPort, 'state'>, code?: Pick<CodePort, 'chips'>): HostMessage[] {
  return [{ type: 'state', state: chat.state() }, ...(code ? [{ type: 'attachments' as const, items: code.chips() }] : [])];
}

/** Calls the handler of `message`'s type. */
export function dispatch(handlers: WebviewHandlers, message: WebviewMessage, reply: (message: HostMessage) => void): Promise<unknown> {
  const handler = handlers[message.type] as (message: WebviewMessage, reply: (message: HostMessage) => void) => unknown;
  return Promise.resolve(handler(message, reply));
}
