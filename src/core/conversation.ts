import type { ErrorCode } from './errorReason';
import type { AgentError } from './errors';
import type { Citation } from './events';
import type { ResearchTurn } from './researchTurn';

/** The conversation model: what history stores and what the chat shows. Plain data, no vscode. */

export type TurnStatus = 'streaming' | 'done' | 'interrupted' | 'error' | 'stopped' | 'awaiting';

/** What the UI can offer for an error; mirrors the core's SuggestedAction. */
export interface ErrorView {
  /** The text shown, in the language it was made in (history keeps it). */
  message: string;
  /** What happened, so a view could word it again; absent in older history and for session texts. */
  code?: ErrorCode;
  action: 'set-key' | 'add-credits' | 'wait' | 'check-agent' | 'check-settings' | 'retry' | 'none';
  waitSeconds?: number;
  url?: string;
}

export interface Turn {
  id: string;
  question: string;
  /** What the user sees as the question when it differs from what was sent (selection asks). */
  questionLabel?: string;
  agentId: string;
  agentLabel: string;
  answer: string;
  citations: Citation[];
  status: TurnStatus;
  progress?: string;
  error?: ErrorView;
  awaitPrompt?: string;
  /** ACP: the paused run the answer to `awaitPrompt` resumes; kept so a reload can still resume it. */
  awaitRunId?: string;
  startedAt: number;
  finishedAt?: number;
  /** Earlier or later answers to the same question (regenerate); see answerVersions.ts. */
  otherAnswers?: AnswerVersion[];
  /** Where the shown answer sits among all answers, 0-based. */
  versionIndex?: number;
  /** A You.com Research question: its effort and, once submitted in the background, its task id. */
  research?: ResearchTurn;
}

/** One answer to a turn's question, kept when the user asked for another. */
export interface AnswerVersion {
  agentId: string;
  agentLabel: string;
  answer: string;
  citations: Citation[];
  status: TurnStatus;
  error?: ErrorView;
  startedAt: number;
  finishedAt?: number;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: Turn[];
  /** ACP session kept across follow-ups, per agent id. */
  sessions?: Record<string, string>;
}

/** A failure as a turn shows it: `message` is the text to show (by default the English one). */
export function errorView(error: Pick<AgentError, 'message' | 'action' | 'reason'>, message = error.message): ErrorView {
  const { action } = error;
  return {
    message,
    code: error.reason.code,
    action: action.kind,
    ...(action.kind === 'wait' ? { waitSeconds: action.seconds } : {}),
    ...(action.kind === 'add-credits' && action.url ? { url: action.url } : {}),
  };
}
