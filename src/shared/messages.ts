/**
 * The typed message protocol between the extension host and the chat webview. Both bundles
 * import this file; each side validates what it receives with the parse functions below,
 * because a webview is a separate, less trusted context.
 */
import type { Conversation, ErrorView, Turn, TurnStatus } from '../core/conversation';
import type { Citation } from '../core/events';
import type { AgentInfo } from '../core/routes';
import type { SessionEvent, SessionPhase } from '../core/sessionEvents';

export type { AgentInfo, Citation, Conversation, ErrorView, Turn, TurnStatus };

export interface ViewState {
  conversation: Conversation;
  agents: AgentInfo[];
  selectedAgentId: string;
  /** false: show the welcome (set key / get key / demo) instead of the composer. */
  ready: boolean;
  demo: boolean;
  /** The turn whose run is active, if any: the view's busy state is a function of this alone. */
  activeTurnId: string | null;
  phase: SessionPhase;
  sendKey: 'enter' | 'ctrlEnter';
  /** History is still being read: the conversation shown may be replaced by the restored one. */
  restoring?: boolean;
  /** The Research agent's effort control; absent when the agent is not offered. */
  research?: ResearchViewState;
}

/** One effort as the control offers it: its name, the price of one call, how long it takes. */
export interface ResearchEffortView {
  effort: string;
  label: string;
  /** "$0.10", from the documented price table: shown before the question is sent. */
  price: string;
  latency: string;
  background: boolean;
}

export interface ResearchViewState {
  /** The agent the control belongs to (shown only while it is picked). */
  agentId: string;
  effort: string;
  efforts: ResearchEffortView[];
}

/** Turn and run events come straight from the core's chat session (see SessionEvent). */
export type HostMessage =
  | { type: 'state'; state: ViewState }
  | Exclude<SessionEvent, { type: 'conversation' }>
  | { type: 'agents'; agents: AgentInfo[]; selectedAgentId: string }
  | { type: 'focusComposer' }
  /** The Research effort changed (picked in this or another surface). */
  | { type: 'research'; research: ResearchViewState }
  /** The context attached to the next question of the chat shown (chips in the composer). */
  | { type: 'attachments'; items: AttachmentChip[] };

export interface AttachmentChip {
  id: string;
  label: string;
  bytes: number;
}

export const ATTACH_KINDS = ['file', 'editors', 'terminal'] as const;
export type AttachKind = (typeof ATTACH_KINDS)[number];

/**
 * Messages without fields: buttons in the view that ask the host to do one thing, and the page's
 * own signals: `ready` (it has shown its first messages) and `idle` (since then, the user has done
 * nothing in it for a second; src/webview/main.ts).
 */
export const SIMPLE_ACTIONS = ['ready', 'idle', 'stop', 'newChat', 'getKey', 'tryDemo', 'showLogs', 'openSettings', 'showHistory', 'exportChat'] as const;
export type SimpleAction = (typeof SIMPLE_ACTIONS)[number];

export type WebviewMessage =
  | { type: SimpleAction }
  | { type: 'ask'; text: string }
  | { type: 'retry'; turnId: string }
  /** Resend turn `turnId` with an edited question; the turns after it are replaced. */
  | { type: 'edit'; turnId: string; text: string }
  /** Another answer to the question of `turnId`, from the selected agent; earlier answers stay. */
  | { type: 'regenerate'; turnId: string }
  /** Show answer `index` (0-based) of a regenerated turn. */
  | { type: 'showAnswer'; turnId: string; index: number }
  /** Copy the shown answer of `turnId` as Markdown, with its sources. */
  | { type: 'copyAnswer'; turnId: string }
  /** Open a turn's answer (the last one without `turnId`) as plain text in an editor: the accessible view. */
  | { type: 'accessibleView'; turnId?: string }
  | { type: 'resume'; turnId: string; text: string }
  | { type: 'selectAgent'; agentId: string }
  | { type: 'copyCode'; code: string }
  | { type: 'insertCode'; code: string }
  | { type: 'openCode'; code: string; language: string }
  | { type: 'openLink'; url: string }
  /** Shows the block applied to the editor as a diff to accept or discard; `turnId` finds the selection the turn asked about. */
  | { type: 'applyCode'; code: string; turnId?: string }
  | { type: 'attach'; what: AttachKind }
  | { type: 'detach'; id: string }
  /** Set the key; with a turn, retry that turn once a key is stored. */
  | { type: 'setKey'; turnId?: string }
  | { type: 'addCredits'; url?: string }
  /** The effort the next Research question runs at. */
  | { type: 'setResearchEffort'; effort: string }
  /** Save a research answer as a Markdown report in the workspace. */
  | { type: 'saveReport'; turnId: string }
  /** Stop following a background research task (it may still run and be billed). */
  | { type: 'stopResearch'; turnId: string };

export type WebviewMessageType = WebviewMessage['type'];
export type WebviewMessageOf<K extends WebviewMessageType> = Extract<WebviewMessage, { type: K }>;

const MAX_TEXT = 1_000_000;

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const simple =
  <K extends SimpleAction>(type: K) =>
  () =>
    ({ type }) as WebviewMessageOf<K>;

/**
 * One validator per message type; the compiler checks that every type has one. The host alone
 * uses them: `simple(...)` calls are marked pure so the webview bundle drops the table.
 */
const WEBVIEW_PARSERS: { [K in WebviewMessageType]: (m: Fields) => WebviewMessageOf<K> | undefined } = {
  ready: /* @__PURE__ */ simple('ready'),
  idle: /* @__PURE__ */ simple('idle'),
  stop: /* @__PURE__ */ simple('stop'),
  newChat: /* @__PURE__ */ simple('newChat'),
  getKey: /* @__PURE__ */ simple('getKey'),
  tryDemo: /* @__PURE__ */ simple('tryDemo'),
  showLogs: /* @__PURE__ */ simple('showLogs'),
  openSettings: /* @__PURE__ */ simple('openSettings'),
  showHistory: /* @__PURE__ */ simple('showHistory'),
  exportChat: /* @__PURE__ */ simple('exportChat'),
  ask: (m) => (str(m.text) && m.text.trim() ? { type: 'ask', text: m.text } : undefined),
  retry: (m) => (str(m.turnId, 100) ? { type: 'retry', turnId: m.turnId } : undefined),
  edit: (m) => (str(m.turnId, 100) && str(m.text) && m.text.trim() ? { type: 'edit', turnId: m.turnId, text: m.text } : undefined),
  regenerate: (m) => (str(m.turnId, 100) ? { type: 'regenerate', turnId: m.turnId } : undefined),
  showAnswer: (m) =>
    str(m.turnId, 100) && typeof m.index === 'number' && Number.isInteger(m.index) && m.index >= 0
      ? { type: 'showAnswer', turnId: m.turnId, index: m.index }
      : undefined,
  copyAnswer: (m) => (str(m.turnId, 100) ? { type: 'copyAnswer', turnId: m.turnId } : undefined),
  accessibleView: (m) => ({ type: 'accessibleView', ...(str(m.turnId, 100) ? { turnId: m.turnId } : {}) }),
  resume: (m) => (str(m.turnId, 100) && str(m.text) ? { type: 'resume', turnId: m.turnId, text: m.text } : undefined),
  selectAgent: (m) => (str(m.agentId, 500) ? { type: 'selectAgent', agentId: m.agentId } : undefined),
  copyCode: (m) => (str(m.code) ? { type: 'copyCode', code: m.code } : undefined),
  insertCode: (m) => (str(m.code) ? { type: 'insertCode', code: m.code } : undefined),
  openCode: (m) => (str(m.code) && str(m.language, 100) ? { type: 'openCode', code: m.code, language: m.language } : undefined),
  openLink: (m) => (str(m.url, 4096) ? { type: 'openLink', url: m.url } : undefined),
  applyCode: (m) => (str(m.code) ? { type: 'applyCode', code: m.code, ...(str(m.turnId, 100) ? { turnId: m.turnId } : {}) } : undefined),
  attach: (m) => ((ATTACH_KINDS as readonly unknown[]).includes(m.what) ? { type: 'attach', what: m.what as AttachKind } : undefined),
  detach: (m) => (str(m.id, 100) ? { type: 'detach', id: m.id } : undefined),
  setKey: (m) => ({ type: 'setKey', ...(str(m.turnId, 100) ? { turnId: m.turnId } : {}) }),
  addCredits: (m) => ({ type: 'addCredits', ...(str(m.url, 4096) ? { url: m.url } : {}) }),
  setResearchEffort: (m) => (str(m.effort, 20) ? { type: 'setResearchEffort', effort: m.effort } : undefined),
  saveReport: (m) => (str(m.turnId, 100) ? { type: 'saveReport', turnId: m.turnId } : undefined),
  stopResearch: (m) => (str(m.turnId, 100) ? { type: 'stopResearch', turnId: m.turnId } : undefined),
};

/** Validates a message from the webview; anything malformed is dropped (undefined). */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isObject(value) || typeof value.type !== 'string' || !Object.hasOwn(WEBVIEW_PARSERS, value.type)) return undefined;
  return (WEBVIEW_PARSERS[value.type as WebviewMessageType] as (m: Fields) => WebviewMessage | undefined)(value);
}

/** Validates a message from the host (the webview trusts only well-formed messages). */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isObject(value) || typeof value.type !== 'string') return undefined;
  const m = value;
  switch (m.type) {
    case 'state':
      return isObject(m.state) && isObject(m.state.conversation) && Array.isArray(m.state.agents) ? (m as HostMessage) : undefined;
    case 'turnStart':
    case 'turnEnd':
    case 'turnUpdate':
      return str(m.conversationId, 100) && isObject(m.turn) && str(m.turn.id, 100) && typeof m.turn.answer === 'string' ? (m as HostMessage) : undefined;
    case 'turnsRemoved':
      return str(m.conversationId, 100) && Array.isArray(m.turnIds) && m.turnIds.every((id) => str(id, 100)) ? (m as HostMessage) : undefined;
    case 'delta':
      return str(m.conversationId, 100) && str(m.turnId, 100) && typeof m.text === 'string' ? (m as HostMessage) : undefined;
    case 'citations':
      return str(m.conversationId, 100) && str(m.turnId, 100) && Array.isArray(m.citations) ? (m as HostMessage) : undefined;
    case 'progress':
      return str(m.conversationId, 100) && str(m.turnId, 100) && str(m.message, 2000) ? (m as HostMessage) : undefined;
    case 'run':
      return str(m.conversationId, 100) && (m.activeTurnId === null || str(m.activeTurnId, 100)) && str(m.phase, 20) ? (m as HostMessage) : undefined;
    case 'agents':
      return Array.isArray(m.agents) && str(m.selectedAgentId, 500) ? (m as HostMessage) : undefined;
    case 'focusComposer':
      return { type: 'focusComposer' };
    case 'research':
      return isResearchView(m.research) ? (m as HostMessage) : undefined;
    case 'attachments':
      return Array.isArray(m.items) && m.items.every((i) => isObject(i) && str(i.id, 100) && str(i.label, 1000) && typeof i.bytes === 'number')
        ? (m as HostMessage)
        : undefined;
    default:
      return undefined;
  }
}

/** A well-formed effort control state (the view builds options from it). */
export function isResearchView(v: unknown): v is ResearchViewState {
  if (!isObject(v) || !str(v.agentId, 500) || !str(v.effort, 20) || !Array.isArray(v.efforts)) return false;
  return v.efforts.every((e) => isObject(e) && str(e.effort, 20) && str(e.label, 200) && str(e.price, 20) && str(e.latency, 100));
}

/**
 * The view's first messages (its state, the composer's chips) written into its HTML by the host, so
 * the first paint needs no ready -> state round trip. They ride as JSON in a script element that
 * never runs (type application/json), like the l10n bundle, and each is validated as if posted.
 */
export const FIRST_MESSAGES_ELEMENT_ID = 'first-messages';
const MAX_FIRST_MESSAGES = 10;

/**
 * Whether a message, not validated yet, is a state that shows turns: the page then needs the
 * turns chunk (the Markdown renderer and the turns' views) before it paints (the host writes it
 * in; the webview waits for it).
 */
export function isStateWithTurns(raw: unknown): boolean {
  const message = raw as { type?: unknown; state?: { conversation?: { turns?: unknown } } } | null;
  const turns = message?.type === 'state' ? message.state?.conversation?.turns : undefined;
  return Array.isArray(turns) && turns.length > 0;
}

/** Whether a message from the page (not validated yet) is its `ready`, which says only that it has shown. */
export function isPageReady(raw: unknown): boolean {
  return (raw as { type?: unknown } | null)?.type === 'ready';
}

/** Reads the embedded first messages back; anything malformed is dropped, never thrown. */
export function parseFirstMessages(text: string | null | undefined): HostMessage[] {
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_FIRST_MESSAGES).flatMap((raw) => parseHostMessage(raw) ?? []);
}
