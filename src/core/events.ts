import type { AgentError } from './errors';

/** A web source an answer cites; `index` is the 1-based number used by inline `[[n]](url)` links. */
export interface Citation {
  index: number;
  url: string;
  title: string;
  snippet: string;
  /** Every snippet the source came with (Research, Answer excerpts); `snippet` is the first. */
  snippets?: string[];
  host: string;
  thumbnailUrl?: string;
}

/**
 * A run's lifecycle state, as data: the host words it for the user (src/host/common/runText.ts), so
 * the core never makes the sentence. A status event's `message` is the code itself, for logs.
 */
export type RunStatus =
  | 'starting'
  | 'working'
  | 'cancelling'
  | 'batch-waiting'
  /** A background task is accepted and waits for a worker. */
  | 'task-queued'
  /** A background task runs (its stream is followed). */
  | 'task-running'
  /** The task's stream closed early; it is opened again from the last event seen. */
  | 'stream-reconnecting'
  /** The stream gave out; the task's status is asked for now and then. */
  | 'task-polling'
  /** The server said 429; `seconds` until the request is made again. */
  | 'rate-limited'
  /** The Answer API is searching and writing; its answer comes whole. */
  | 'answer-waiting';

/** Every status once; tests walk it so a new status cannot miss its text. */
export const RUN_STATUSES: readonly RunStatus[] = [
  'starting',
  'working',
  'cancelling',
  'batch-waiting',
  'task-queued',
  'task-running',
  'stream-reconnecting',
  'task-polling',
  'rate-limited',
  'answer-waiting',
];

/** A status progress event; `message` is the code until the host words it. `seconds`: a wait it announces. */
export function statusEvent(status: RunStatus, seconds?: number): RunEvent {
  return { type: 'progress', kind: 'status', status, message: status, ...(seconds === undefined ? {} : { seconds }) };
}

/**
 * The one stream of events every backend (You.com, ACP) produces for a run.
 * The UI consumes only this type, so a backend never leaks its wire format upward.
 */
export type RunEvent =
  | { type: 'started'; runId?: string; sessionId?: string }
  | { type: 'text'; delta: string }
  | { type: 'citations'; citations: Citation[] }
  /** Lifecycle, as a status code; the host's route words `message` before anything shows it. */
  | { type: 'progress'; kind: 'status'; status: RunStatus; message: string; seconds?: number }
  /** step: agent work worth showing, in the agent's own words (research, compute); debug: unknown or unused events. */
  | { type: 'progress'; kind: 'step' | 'debug'; message: string }
  /** The run paused for user input (ACP `run.awaiting`); resume with the run id. `prompt` is '' when the agent gave none. */
  | { type: 'await'; runId: string; prompt: string }
  | { type: 'done'; runTimeMs?: string }
  /** The run goes on on the server as background task `taskId`: the session hands the turn to the background follower. */
  | { type: 'background'; taskId: string }
  /** Terminal failure. `partialText` is every text delta received before it. */
  | { type: 'error'; error: AgentError; partialText: string };

/** Everything a finished run produced, folded from its events (tests, batch callers, history). */
export interface RunSummary {
  text: string;
  citations: Citation[];
  progress: string[];
  outcome: 'done' | 'error' | 'await' | 'incomplete';
  error?: AgentError;
  events: RunEvent[];
}

/**
 * Yields a batch of events while keeping the answer so far in `run.text`; an error event gets
 * that text as its `partialText`. Both clients stream through this.
 */
export function* trackText(events: readonly RunEvent[], run: { text: string }): Generator<RunEvent> {
  for (const event of events) {
    if (event.type === 'text') run.text += event.delta;
    else if (event.type === 'error') event.partialText = run.text;
    yield event;
  }
}

export async function collectRun(events: AsyncIterable<RunEvent>): Promise<RunSummary> {
  const summary: RunSummary = { text: '', citations: [], progress: [], outcome: 'incomplete', events: [] };
  for await (const event of events) {
    summary.events.push(event);
    switch (event.type) {
      case 'text':
        summary.text += event.delta;
        break;
      case 'citations':
        summary.citations = mergeCitations(summary.citations, event.citations);
        break;
      case 'progress':
        summary.progress.push(event.message);
        break;
      case 'done':
        summary.outcome = 'done';
        break;
      case 'await':
        summary.outcome = 'await';
        break;
      case 'error':
        summary.outcome = 'error';
        summary.error = event.error;
        break;
      case 'started':
      case 'background':
        break;
    }
  }
  return summary;
}

/** Adds new citations after the known ones; a URL already listed keeps its first number. */
export function mergeCitations(known: readonly Citation[], incoming: readonly Citation[]): Citation[] {
  const merged = [...known];
  const seen = new Set(known.map((c) => c.url));
  for (const citation of incoming) {
    if (seen.has(citation.url)) continue;
    seen.add(citation.url);
    merged.push(citation);
  }
  return merged;
}
