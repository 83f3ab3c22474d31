import { AgentError } from '../errors';
import { silentLog, type Log } from '../redact';
import { displayUrl, originOf } from '../url';
import { failedAtProxy, proxyFor, type ProxyRoute } from './proxy';

/**
 * The one place the extension touches the network. Its trust rules: redirects are never
 * followed; a credential goes only to its own origin; a POST (an agent run) is repeated only
 * when it cannot have started (see mayRetry); bodies are read up to a byte cap. Retries happen
 * only before a response is handed out, so a stream that started is never replayed.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  initialDelayMs: number;
  exponent: number;
  maxDelayMs: number;
  /** Upper bound on the sum of all waits, including Retry-After. */
  maxTotalWaitMs: number;
}

export interface NetPolicy {
  /** Time allowed until response headers arrive. */
  connectTimeoutMs: number;
  /** Time allowed between two body chunks. */
  idleTimeoutMs: number;
  retry: RetryPolicy;
  /** The proxy VS Code's fetch routes through (see ./proxy); used only to name it when a request fails. */
  proxy?: ProxyRoute;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 3,
  initialDelayMs: 500,
  exponent: 1.5,
  maxDelayMs: 8_000,
  maxTotalWaitMs: 30_000,
};

export const DEFAULT_NET_POLICY: NetPolicy = {
  connectTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  retry: DEFAULT_RETRY,
};

/** Statuses the generated You.com SDKs retry (docs/protocols.md §4); only idempotent GETs use the whole set. */
export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Error codes that mean the connection was never made, so nothing was sent. */
export const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Why an attempt got no usable response. */
export type AttemptFailure =
  | { kind: 'network'; codes: readonly string[] }
  | { kind: 'connect-timeout' }
  | { kind: 'status'; status: number; retryAfter: boolean };

/**
 * May this attempt be made again? A POST starts an agent run, so it is repeated only when the
 * run cannot have started: the connection was refused or the host not found, the server said
 * 429, or 503 with a Retry-After. A timeout, a reset, or 500/502/504 may hide a started run.
 * Idempotent GETs keep the broader set.
 */
export function mayRetry(method: HttpRequest['method'], failure: AttemptFailure): boolean {
  if (failure.kind === 'network' && failure.codes.some((code) => NOT_SENT_CODES.has(code))) return true;
  if (failure.kind === 'status' && (failure.status === 429 || (failure.status === 503 && failure.retryAfter))) return true;
  if (method !== 'GET') return false;
  return failure.kind !== 'status' || RETRYABLE_STATUS.has(failure.status);
}

/** Byte caps on what the client reads; a server cannot make it buffer without bound. */
export interface ReadLimits {
  /** An error body: only a summary is shown. */
  errorBodyBytes: number;
  /** A whole JSON body (batch answers, ACP). */
  jsonBodyBytes: number;
  /** Everything one streamed answer may send. */
  streamBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_READ_LIMITS: ReadLimits = {
  errorBodyBytes: 1 * MiB,
  jsonBodyBytes: 8 * MiB,
  streamBytes: 32 * MiB,
};

export interface NetDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  log?: Log;
}

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Names the peer in messages ("You.com", an ACP server's name). */
  service: string;
  /** Set when the request carries a credential: it goes to this origin (scheme, host, port) or nowhere. */
  credentialOrigin?: string;
}

/** What `text()` does past its cap: fail (a body we need whole) or keep the start (an error summary). */
export type OverflowMode = 'fail' | 'truncate';

export interface HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /**
   * Body chunks as they arrive; ends with an AgentError on silence, abort, a dropped connection,
   * or more than `maxBytes` in all.
   */
  chunks(maxBytes?: number): AsyncGenerator<Uint8Array>;
  /** The body as text, at most `maxBytes` (default: the JSON cap); Content-Length is checked before reading. */
  text(maxBytes?: number, overflow?: OverflowMode): Promise<string>;
  /** Closes the connection; safe to call at any time, more than once. */
  close(): void;
}

type AbortCause = 'user' | 'connect-timeout' | 'idle-timeout' | 'closed';

export async function openHttp(request: HttpRequest, policy: NetPolicy, deps: NetDeps = {}): Promise<HttpResponse> {
  const fetchImpl = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? abortableSleep;
  const log = deps.log ?? silentLog;
  const schedule = retrySchedule(policy.retry, deps.random ?? Math.random);

  const refusal = credentialRefusal(request);
  if (refusal) throw refusal;

  /** The wait before the next attempt, or undefined when this failure must be reported. */
  const retryDelay = (attempt: number, failure: AttemptFailure, retryAfterSeconds?: number): number | undefined =>
    mayRetry(request.method, failure) ? schedule.next(attempt, retryAfterSeconds) : undefined;
  const backOff = async (attempt: number, delay: number, what: string): Promise<void> => {
    log.warn(`${what}; retry ${attempt + 1} in ${delay} ms`);
    await sleep(delay, request.signal);
    schedule.waited(delay);
  };

  for (let attempt = 0; ; attempt++) {
    if (request.signal?.aborted) throw abortedError();
    const current = attemptAbort(request.signal, policy.connectTimeoutMs);
    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: current.signal,
        // A redirect would carry the question, and maybe the credential, to another origin.
        redirect: 'manual',
      });
    } catch (err) {
      current.connected();
      current.detachUser();
      if (current.cause() === 'user') throw abortedError();
      const timedOut = current.cause() === 'connect-timeout';
      const failure: AttemptFailure = timedOut ? { kind: 'connect-timeout' } : { kind: 'network', codes: errorCodes(err) };
      const error = timedOut ? connectTimeoutError(request, policy) : networkError(request, err, policy.proxy);
      const delay = retryDelay(attempt, failure);
      if (delay === undefined) throw error;
      await backOff(attempt, delay, error.message);
      continue;
    }
    current.connected();

    if (response.status >= 300 && response.status < 400) {
      current.detachUser();
      current.abort('closed');
      throw redirectError(request, response);
    }
    if (!response.ok) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      const failure: AttemptFailure = { kind: 'status', status: response.status, retryAfter: retryAfter !== undefined };
      const delay = retryDelay(attempt, failure, retryAfter);
      if (delay !== undefined) {
        current.detachUser();
        current.abort('closed');
        await backOff(attempt, delay, `${request.service}: HTTP ${response.status}`);
        continue;
      }
    }
    return wrapResponse(response, policy, current);
  }
}

interface RetrySchedule {
  /** The wait before retry `attempt + 1`, or undefined when there is none. */
  next(attempt: number, retryAfterSeconds?: number): number | undefined;
  waited(ms: number): void;
}

/** The waits between attempts: exponential with jitter, or the server's Retry-After; none past `maxRetries` or the total wait. */
function retrySchedule(retry: RetryPolicy, random: () => number): RetrySchedule {
  let waitedMs = 0;
  return {
    next(attempt, retryAfterSeconds) {
      if (attempt >= retry.maxRetries) return undefined;
      const delay =
        retryAfterSeconds !== undefined
          ? retryAfterSeconds * 1000
          : Math.min(retry.maxDelayMs, retry.initialDelayMs * retry.exponent ** attempt) * (0.75 + random() * 0.5);
      if (waitedMs + delay > retry.maxTotalWaitMs) return undefined;
      return Math.round(delay);
    },
    waited(ms) {
      waitedMs += ms;
    },
  };
}

/** One attempt's abort: the first of the user's signal, the connect timeout, the idle timeout or close is its cause. */
interface AttemptAbort {
  readonly signal: AbortSignal;
  abort(why: AbortCause): void;
  cause(): AbortCause | undefined;
  /** The headers arrived (or the attempt failed): the connect timeout is over. */
  connected(): void;
  /** Stops listening to the user's signal. */
  detachUser(): void;
}

function attemptAbort(userSignal: AbortSignal | undefined, connectTimeoutMs: number): AttemptAbort {
  const controller = new AbortController();
  let cause: AbortCause | undefined;
  const abort = (why: AbortCause) => {
    cause ??= why;
    controller.abort();
  };
  const onUserAbort = () => abort('user');
  userSignal?.addEventListener('abort', onUserAbort, { once: true });
  const connectTimer = setTimeout(() => abort('connect-timeout'), connectTimeoutMs);
  return {
    signal: controller.signal,
    abort,
    cause: () => cause,
    connected: () => clearTimeout(connectTimer),
    detachUser: () => userSignal?.removeEventListener('abort', onUserAbort),
  };
}

/** A credential bound to one origin is never sent anywhere else. */
function credentialRefusal(request: HttpRequest): AgentError | undefined {
  if (request.credentialOrigin === undefined || originOf(request.url) === request.credentialOrigin) return undefined;
  const target = displayUrl(request.url);
  return new AgentError(
    'config',
    { code: 'credential-refused', service: request.service, url: target, origin: request.credentialOrigin },
    { action: { kind: 'check-settings' } },
  );
}

function redirectError(request: HttpRequest, response: Response): AgentError {
  const location = response.headers.get('location');
  let target: string | undefined;
  if (location) {
    try {
      target = displayUrl(new URL(location, request.url).href);
    } catch {
      target = displayUrl(location);
    }
  }
  const reason = { code: 'redirect' as const, service: request.service, status: response.status, ...(target ? { location: target } : {}) };
  return new AgentError('http', reason, {
    status: response.status,
    action: { kind: 'check-settings' },
  });
}

function connectTimeoutError(request: HttpRequest, policy: NetPolicy): AgentError {
  return new AgentError(
    'connect-timeout',
    { code: 'connect-timeout', service: request.service, seconds: seconds(policy.connectTimeoutMs) },
    { action: { kind: 'retry' } },
  );
}

function wrapResponse(response: Response, policy: NetPolicy, attempt: AttemptAbort): HttpResponse {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    attempt.detachUser();
    attempt.abort('closed');
  };
  const chunks = (maxBytes = Infinity) => readChunks(response, policy, attempt, close, maxBytes);
  return {
    status: response.status,
    ok: response.ok,
    headers: response.headers,
    chunks,
    text: (maxBytes = DEFAULT_READ_LIMITS.jsonBodyBytes, overflow: OverflowMode = 'fail') => readText(response, chunks, close, maxBytes, overflow),
    close,
  };
}

/** The body's chunks, each within the idle timeout, at most `maxBytes` in all; the connection closes when they end. */
async function* readChunks(response: Response, policy: NetPolicy, attempt: AttemptAbort, close: () => void, maxBytes: number): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const idleTimer = setTimeout(() => attempt.abort('idle-timeout'), policy.idleTimeoutMs) as unknown as NodeJS.Timeout;
  let total = 0;
  try {
    for (;;) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      // Aborted while the consumer held the last chunk: a read started now did not always settle
      // (seen on a stream whose server went quiet after an A2A CancelTask), so none is started.
      const cause = attempt.cause();
      if (cause) throw bodyError(cause, policy, undefined);
      try {
        result = await reader.read();
      } catch (err) {
        throw bodyError(attempt.cause(), policy, err);
      }
      if (result.done) return;
      total += result.value.byteLength;
      if (total > maxBytes) throw tooLargeError(maxBytes);
      idleTimer.refresh();
      yield result.value;
    }
  } finally {
    clearTimeout(idleTimer);
    close();
  }
}

/** The body as text, at most `maxBytes`: past it, fail, or keep the start (`truncate`). */
async function readText(
  response: Response,
  chunks: () => AsyncGenerator<Uint8Array>,
  close: () => void,
  maxBytes: number,
  overflow: OverflowMode,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (overflow === 'fail' && Number.isFinite(declared) && declared > maxBytes) {
    close();
    throw tooLargeError(maxBytes);
  }
  const decoder = new TextDecoder();
  let out = '';
  let total = 0;
  for await (const chunk of chunks()) {
    const room = maxBytes - total;
    if (chunk.byteLength > room) {
      if (overflow === 'fail') throw tooLargeError(maxBytes);
      out += decoder.decode(chunk.subarray(0, room), { stream: true });
      break; // leaving the loop closes the connection
    }
    total += chunk.byteLength;
    out += decoder.decode(chunk, { stream: true });
  }
  return out + decoder.decode();
}

function bodyError(cause: AbortCause | undefined, policy: NetPolicy, err: unknown): AgentError {
  if (cause === 'user' || cause === 'closed') return abortedError();
  if (cause === 'idle-timeout') {
    return new AgentError('idle-timeout', { code: 'idle-timeout', seconds: seconds(policy.idleTimeoutMs) }, { action: { kind: 'retry' } });
  }
  return new AgentError('interrupted', { code: 'connection-dropped' }, {
    action: { kind: 'retry' },
    detail: describeCause(err),
  });
}

function tooLargeError(maxBytes: number): AgentError {
  return new AgentError('protocol', { code: 'too-large', what: 'response', limitBytes: maxBytes }, { action: { kind: 'retry' } });
}

export function abortedError(): AgentError {
  return new AgentError('aborted', { code: 'stopped' }, { action: { kind: 'none' } });
}

function networkError(request: HttpRequest, err: unknown, route: ProxyRoute | undefined): AgentError {
  const code = describeCause(err);
  const proxy = proxyFor(request.url, route);
  if (proxy !== undefined) {
    const atProxy = failedAtProxy(err, proxy);
    const reason = { code: 'proxy-failed' as const, service: request.service, url: displayUrl(request.url), proxy: displayUrl(proxy), atProxy, cause: code };
    return new AgentError('network', reason, { action: { kind: 'retry' }, detail: code });
  }
  const reason = { code: 'unreachable' as const, service: request.service, url: displayUrl(request.url), ...(code ? { cause: code } : {}) };
  return new AgentError('network', reason, {
    action: { kind: 'retry' },
    detail: code,
  });
}

/** Every errno-style code in an error's cause chain (and in an AggregateError's members), bounded. */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const pending: unknown[] = [err];
  for (let seen = 0; pending.length > 0 && seen < 16; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== 'object') continue;
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (cause) pending.push(cause);
    if (Array.isArray(errors)) pending.push(...errors.slice(0, 4));
  }
  return codes;
}

/** The most specific short reason in an error chain: an errno code, else the innermost message (its URLs shown safely). */
function describeCause(err: unknown): string {
  let current: unknown = err;
  let message = err instanceof Error ? err.message : String(err);
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (current instanceof Error) message = current.message;
    current = cause;
  }
  // fetch repeats the URL it refused, user info and query included.
  // The scheme is bounded so a long run of word characters without "://" stays linear.
  return message.replace(/\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s"'<>]+/gi, (url) => displayUrl(url));
}

/** Retry-After as seconds: an integer, or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
