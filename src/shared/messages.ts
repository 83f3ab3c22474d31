/**
 * The typed message protocol between the extension host and the chat webview. Both bundles
 * import this file; each side validates what it receives with the parse functions below,
 * because a webview is a separate, less trusted context.
 */
import type { Conversation, ErrorView, Turn, TurnStatus } from '../core/conversation';
import type { Citation } from '../core/events';
import type { AgentInfo } from '../core/routes';
import type { SessionEvent, SessionPhase } from '../core/chatSession';

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
}

/** Turn and run events come straight from the core's chat session (see SessionEvent). */
export type HostMessage =
  | { type: 'state'; state: ViewState }
  | Exclude<SessionEvent, { type: 'conversation' }>
  | { type: 'agents'; agents: AgentInfo[]; selectedAgentId: string }
  | { type: 'focusComposer' };

export type ActionName = 'setKey' | 'getKey' | 'tryDemo' | 'showLogs' | 'openSettings' | 'addCredits' | 'showHistory' | 'exportChat';

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'ask'; text: string }
  | { type: 'stop' }
  | { type: 'retry'; turnId: string }
  | { type: 'resume'; turnId: string; text: string }
  | { type: 'selectAgent'; agentId: string }
  | { type: 'newChat' }
  | { type: 'copyCode'; code: string }
  | { type: 'insertCode'; code: string }
  | { type: 'openCode'; code: string; language: string }
  | { type: 'openLink'; url: string }
  | { type: 'action'; name: ActionName; url?: string; turnId?: string };

const ACTIONS: readonly ActionName[] = ['setKey', 'getKey', 'tryDemo', 'showLogs', 'openSettings', 'addCredits', 'showHistory', 'exportChat'];
const MAX_TEXT = 1_000_000;

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;

/** Validates a message from the webview; anything malformed is dropped (undefined). */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isObject(value) || typeof value.type !== 'string') return undefined;
  const m = value;
  switch (m.type) {
    case 'ready':
    case 'stop':
    case 'newChat':
      return { type: m.type };
    case 'ask':
      return str(m.text) && m.text.trim() ? { type: 'ask', text: m.text } : undefined;
    case 'retry':
      return str(m.turnId, 100) ? { type: 'retry', turnId: m.turnId } : undefined;
    case 'resume':
      return str(m.turnId, 100) && str(m.text) ? { type: 'resume', turnId: m.turnId, text: m.text } : undefined;
    case 'selectAgent':
      return str(m.agentId, 500) ? { type: 'selectAgent', agentId: m.agentId } : undefined;
    case 'copyCode':
    case 'insertCode':
      return str(m.code) ? { type: m.type, code: m.code } : undefined;
    case 'openCode':
      return str(m.code) && str(m.language, 100) ? { type: 'openCode', code: m.code, language: m.language } : undefined;
    case 'openLink':
      return str(m.url, 4096) ? { type: 'openLink', url: m.url } : undefined;
    case 'action':
      if (!ACTIONS.includes(m.name as ActionName)) return undefined;
      return {
        type: 'action',
        name: m.name as ActionName,
        ...(str(m.url, 4096) ? { url: m.url } : {}),
        ...(str(m.turnId, 100) ? { turnId: m.turnId } : {}),
      };
    default:
      return undefined;
  }
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
      return str(m.conversationId, 100) && isObject(m.turn) && str(m.turn.id, 100) && typeof m.turn.answer === 'string' ? (m as HostMessage) : undefined;
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
    default:
      return undefined;
  }
}
