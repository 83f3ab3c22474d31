import type { Turn } from './conversation';
import type { Citation } from './events';

// Types only: the webview's messages are built from them, so it must not type-check the session itself.

export type SessionPhase = 'idle' | 'streaming' | 'awaiting';

/** What the session tells its views; turn events name their conversation so a view ignores others. */
export type SessionEvent =
  | { type: 'conversation' }
  | { type: 'turnStart'; conversationId: string; turn: Turn }
  | { type: 'delta'; conversationId: string; turnId: string; text: string }
  | { type: 'citations'; conversationId: string; turnId: string; citations: Citation[] }
  | { type: 'progress'; conversationId: string; turnId: string; message: string }
  | { type: 'turnEnd'; conversationId: string; turn: Turn }
  /** A finished turn changed outside a run (another of its answers is shown): render it again. */
  | { type: 'turnUpdate'; conversationId: string; turn: Turn }
  /** Turns left the conversation (an edited question replaces the turns after it). */
  | { type: 'turnsRemoved'; conversationId: string; turnIds: string[] }
  | { type: 'run'; conversationId: string; activeTurnId: string | null; phase: SessionPhase };
