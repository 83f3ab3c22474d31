import { AgentError } from '../errors';
import { statusEvent, type RunEvent } from '../events';
import type { HttpResponse, NetPolicy, ReadLimits } from '../net/http';
import type { Log } from '../redact';
import { decodeSse, type SseMessage } from '../sse';
import { parseRemoteJson } from '../json';
import type { YouEndpoint, YouRequestParams } from './endpoints';
import type { ResearchEffort } from './research';
import { outputEvents, protocolError } from './researchEvents';
import { isEventId, type ResearchTaskRecord } from './researchTask';
import { eventText, isFinalStatus, parseTask, streamEventKind, type ResearchTaskState, type StreamEventKind } from './researchWire';

/**
 * Following a background task until its report is in (docs/protocols.md, "Research"):
 *
 * 1. Stream `GET …/stream`: `connected`, progress events (unknown names included), `: ping`
 *    comments (the SSE decoder drops them), then a terminal event in one of its spellings. The
 *    stream never carries the report.
 * 2. A stream that closes (or goes silent, or drops) without a terminal event is opened again
 *    with `from_id` = the last event id seen, as long as the last connection brought something
 *    new; events at or below that id are dropped, so an inclusive or exclusive `from_id` both work.
 * 3. Otherwise, and after any terminal event, `GET /v1/research/{id}` is polled: right after a
 *    terminal event a few times a second apart (the GET may lag behind the stream), else with a
 *    growing backoff, until the status is final. The report comes only from that final GET.
 */

export interface ResearchTiming {
  /** First wait between two status polls; grows by `pollFactor` up to `pollMaxMs`. */
  pollInitialMs: number;
  pollFactor: number;
  pollMaxMs: number;
  /** After a terminal stream event the GET may lag: it is asked again this often, this many times, before normal polling. */
  settleDelayMs: number;
  settleRetries: number;
  /** Stream reconnects (with `from_id`) per follow, each only after a connection that brought new events. */
  maxReconnects: number;
  /** Polls in a row that may fail (network, 5xx) before the follow gives up. */
  maxPollFailures: number;
  /** Submits after a 429 or a connection never made. */
  maxSubmitRetries: number;
  /** The longest single 429 wait honoured; a longer one is reported instead. */
  maxRateLimitWaitMs: number;
  /** How long a sync call may take in all (its answer comes at once). */
  syncDeadlineMs: number;
  /** How long a follow waits for a final status, per effort. */
  followDeadlineMs: (effort: ResearchEffort) => number;
}

export const DEFAULT_RESEARCH_TIMING: ResearchTiming = {
  pollInitialMs: 2_000,
  pollFactor: 1.5,
  pollMaxMs: 30_000,
  settleDelayMs: 1_000,
  settleRetries: 3,
  maxReconnects: 5,
  maxPollFailures: 6,
  maxSubmitRetries: 3,
  maxRateLimitWaitMs: 120_000,
  syncDeadlineMs: 10 * 60_000,
  // The SDK's helper gives up after 600 s, 4 h for frontier (whose p50 is 5 min, worst ~3.3 h).
  followDeadlineMs: (effort) => (effort === 'frontier' ? 4 * 3_600_000 : 3_600_000),
};

export interface FollowContext {
  apiKey?: string;
  signal?: AbortSignal;
  onTask?: (record: ResearchTaskRecord) => void;
  timing: ResearchTiming;
  limits: ReadLimits;
  policy: NetPolicy;
  now: () => number;
  log: Log;
  sleep: (ms: number) => Promise<void>;
  open: (endpoint: YouEndpoint, params: YouRequestParams, accept: string, policy?: NetPolicy) => Promise<HttpResponse>;
  /** One JSON GET (callYouJson) with this run's key, origins and policy. */
  getJson: (endpoint: YouEndpoint, params: YouRequestParams) => Promise<unknown>;
  failure: (err: unknown) => RunEvent;
  httpError: (response: HttpResponse, body: string) => AgentError;
}

/** `fresh`: just submitted, stream first. `resume`: ask for the status first; it may be final already. */
export async function* followTask(ctx: FollowContext, start: ResearchTaskRecord, mode: 'fresh' | 'resume'): AsyncGenerator<RunEvent> {
  const record = { ...start };
  const deadline = ctx.now() + ctx.timing.followDeadlineMs(record.effort);
  if (mode === 'resume') {
    // A failed first look (network, 5xx) is not the end: the stream and the polls ask again.
    const task = await getTask(ctx, record.taskId).catch((err: unknown) => {
      if (isFatal(err)) throw err;
      return undefined;
    });
    if (task && isFinalStatus(task.status)) return yield* finish(ctx, record, task);
    yield statusEvent(task?.status === 'queued' ? 'task-queued' : 'task-running');
  }
  let terminal: StreamEventKind | undefined;
  for (let reconnects = 0; ; reconnects++) {
    const read = yield* readStream(ctx, record);
    terminal = read.terminal;
    if (terminal || read.failed || !read.progressed || reconnects >= ctx.timing.maxReconnects) break;
    yield statusEvent('stream-reconnecting');
  }
  if (!terminal) yield statusEvent('task-polling');
  const task = await pollUntilFinal(ctx, record, terminal !== undefined, deadline);
  yield* finish(ctx, record, task);
}

interface StreamRead {
  /** The terminal event that ended it, if one did. */
  terminal?: StreamEventKind;
  /** Something new arrived (an event past lastEventId). */
  progressed: boolean;
  /** The stream could not be opened (5xx, network): poll instead of reconnecting. */
  failed: boolean;
}

/** One connection to the task's stream; auth and not-found errors are thrown, anything else ends the read. */
async function* readStream(ctx: FollowContext, record: ResearchTaskRecord): AsyncGenerator<RunEvent, StreamRead> {
  const query = record.lastEventId === undefined ? undefined : { from_id: record.lastEventId };
  let response: HttpResponse;
  try {
    response = await ctx.open('research-stream', { taskId: record.taskId, ...(query ? { query } : {}) }, 'text/event-stream');
  } catch (err) {
    if (isFatal(err)) throw err;
    ctx.log.warn(`research stream did not open: ${String(err)}`);
    return { progressed: false, failed: true };
  }
  let progressed = false;
  try {
    if (!response.ok) {
      const body = await response.text(ctx.limits.errorBodyBytes, 'truncate');
      throw response.status === 404 ? taskNotFound(record.taskId) : ctx.httpError(response, body);
    }
    for await (const messages of decodeSse(response.chunks(ctx.limits.streamBytes))) {
      for (const message of messages) {
        const seen = acceptEvent(ctx, record, message);
        if (!seen) continue;
        progressed ||= seen.kind !== 'connected';
        if (seen.kind === 'completed' || seen.kind === 'failed' || seen.kind === 'cancelled') return { terminal: seen.kind, progressed, failed: false };
        if (seen.event) yield seen.event;
      }
    }
    return { progressed, failed: false };
  } catch (err) {
    if (isFatal(err)) throw err;
    ctx.log.warn(`research stream ended: ${String(err)}`);
    return { progressed, failed: !progressed };
  } finally {
    response.close();
  }
}

/** An event past the last one seen (its id saved), with the RunEvent it stands for; undefined for a replayed one. */
function acceptEvent(ctx: FollowContext, record: ResearchTaskRecord, message: SseMessage): { kind: StreamEventKind; event?: RunEvent } | undefined {
  let payload: unknown;
  try {
    payload = parseRemoteJson(message.data);
  } catch {
    payload = undefined;
  }
  const kind = streamEventKind(message.event, payload);
  const id = message.id !== undefined && /^\d{1,15}$/.test(message.id) ? Number(message.id) : undefined;
  if (kind === 'connected') {
    const status = payload && typeof payload === 'object' ? (payload as Record<string, unknown>).status : undefined;
    return { kind, event: statusEvent(status === 'queued' ? 'task-queued' : 'task-running') };
  }
  if (id !== undefined && isEventId(id)) {
    if (record.lastEventId !== undefined && id <= record.lastEventId) return undefined;
    record.lastEventId = id;
    ctx.onTask?.({ ...record });
  }
  const text = eventText(payload);
  const name = message.event ?? 'event';
  return { kind, event: text ? { type: 'progress', kind: 'step', message: text } : { type: 'progress', kind: 'debug', message: name } };
}

/**
 * GETs the task until its status is final. `settle`: a terminal event was seen, so the first GET
 * is at once and the next few a second apart. Network failures and 5xx are polled through, up to
 * maxPollFailures in a row.
 */
async function pollUntilFinal(ctx: FollowContext, record: ResearchTaskRecord, settle: boolean, deadline: number): Promise<ResearchTaskState> {
  const { timing } = ctx;
  let delay = timing.pollInitialMs;
  let failures = 0;
  for (let poll = 0; ; poll++) {
    if (poll > 0 || !settle) {
      const quick = settle && poll <= timing.settleRetries;
      await ctx.sleep(quick ? timing.settleDelayMs : delay);
      if (!quick) delay = Math.min(timing.pollMaxMs, delay * timing.pollFactor);
    }
    const task = await getTask(ctx, record.taskId).catch((err: unknown) => {
      if (isFatal(err) || ++failures > timing.maxPollFailures) throw err;
      ctx.log.warn(`research poll failed: ${String(err)}`);
      return undefined;
    });
    if (task) failures = 0;
    if (task && isFinalStatus(task.status)) return task;
    if (ctx.now() >= deadline) {
      const minutes = Math.round(timing.followDeadlineMs(record.effort) / 60_000);
      throw new AgentError('connect-timeout', { code: 'task-timeout', service: 'You.com', taskId: record.taskId, minutes }, { action: { kind: 'retry' } });
    }
  }
}

/** The final GET's events: the report, or the task's failure. A completed task without its result yet is polled a little more. */
async function* finish(ctx: FollowContext, record: ResearchTaskRecord, task: ResearchTaskState): AsyncGenerator<RunEvent> {
  let current = task;
  for (let retry = 0; current.status === 'completed' && !current.output && retry < ctx.timing.settleRetries; retry++) {
    await ctx.sleep(ctx.timing.settleDelayMs);
    current = (await getTask(ctx, record.taskId)) ?? current;
  }
  if (current.status === 'failed') {
    const reason = { code: 'agent-failed' as const, service: 'You.com Research', ...(current.error ? { message: current.error } : {}) };
    throw new AgentError('failed', reason, { action: { kind: 'retry' } });
  }
  if (current.status === 'cancelled') throw new AgentError('failed', { code: 'cancelled', service: 'You.com Research' }, { action: { kind: 'none' } });
  if (!current.output) throw protocolError('no-output');
  yield* outputEvents(current.output);
}

/** One GET of the task; undefined when the body is not a task. Errors: 401/402/403/404 fatal, the rest for the caller. */
async function getTask(ctx: FollowContext, taskId: string): Promise<ResearchTaskState | undefined> {
  try {
    return parseTask(await ctx.getJson('research-task', { taskId }), taskId);
  } catch (err) {
    throw err instanceof AgentError && err.status === 404 ? taskNotFound(taskId) : err;
  }
}

function taskNotFound(taskId: string): AgentError {
  return new AgentError('http', { code: 'task-not-found', service: 'You.com', taskId }, { status: 404, action: { kind: 'none' } });
}

/** Errors no reconnect or poll can fix: the user stopped, the key or settings are wrong, the task is gone. */
function isFatal(err: unknown): boolean {
  if (!(err instanceof AgentError)) return false;
  if (err.kind === 'aborted' || err.kind === 'config') return true;
  return err.status === 401 || err.status === 402 || err.status === 403 || err.status === 404;
}
