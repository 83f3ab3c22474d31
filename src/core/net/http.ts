import { AgentError } from '../errors';
import { silentLog, type Log } from '../redact';

/**
 * The one place the extension touches the network. Everything here runs before or around
 * the body: retries happen only before a response is handed out, so a stream that started
 * is never replayed.
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

/** Statuses the generated You.com SDKs retry (docs/protocols.md §4). */
export const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

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
}

export interface HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /** Body chunks as they arrive; ends with an AgentError on silence, abort or a dropped connection. */
  chunks(): AsyncGenerator<Uint8Array>;
  text(): Promise<string>;
  /** Closes the connection; safe to call at any time, more than once. */
  close(): void;
}

type AbortCause = 'user' | 'connect-timeout' | 'idle-timeout' | 'closed';

export async function openHttp(request: HttpRequest, policy: NetPolicy, deps: NetDeps = {}): Promise<HttpResponse> {
  const fetchImpl = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? abortableSleep;
  const random = deps.random ?? Math.random;
  const log = deps.log ?? silentLog;
  const { retry } = policy;
  let waitedMs = 0;

  const nextDelay = (attempt: number, retryAfterSeconds: number | undefined): number | undefined => {
    if (attempt >= retry.maxRetries) return undefined;
    const delay =
      retryAfterSeconds !== undefined
        ? retryAfterSeconds * 1000
        : Math.min(retry.maxDelayMs, retry.initialDelayMs * retry.exponent ** attempt) * (0.75 + random() * 0.5);
    if (waitedMs + delay > retry.maxTotalWaitMs) return undefined;
    return Math.round(delay);
  };

  for (let attempt = 0; ; attempt++) {
    if (request.signal?.aborted) throw abortedError();
    const attemptAbort = new AbortController();
    let cause: AbortCause | undefined;
    const abort = (why: AbortCause) => {
      cause ??= why;
      attemptAbort.abort();
    };
    const onUserAbort = () => abort('user');
    request.signal?.addEventListener('abort', onUserAbort, { once: true });
    const detachUser = () => request.signal?.removeEventListener('abort', onUserAbort);
    const connectTimer = setTimeout(() => abort('connect-timeout'), policy.connectTimeoutMs);

    let response: Response;
    try {
      response = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: attemptAbort.signal,
      });
    } catch (err) {
      clearTimeout(connectTimer);
      detachUser();
      if (cause === 'user') throw abortedError();
      const failure =
        cause === 'connect-timeout'
          ? new AgentError('connect-timeout', `${request.service}: no response within ${seconds(policy.connectTimeoutMs)} s`, {
              action: { kind: 'retry' },
            })
          : networkError(request, err);
      const delay = nextDelay(attempt, undefined);
      if (delay === undefined) throw failure;
      log.warn(`${failure.message}; retry ${attempt + 1} in ${delay} ms`);
      await sleep(delay, request.signal);
      waitedMs += delay;
      continue;
    }
    clearTimeout(connectTimer);

    if (RETRYABLE_STATUS.has(response.status)) {
      const delay = nextDelay(attempt, parseRetryAfter(response.headers.get('retry-after')));
      if (delay !== undefined) {
        log.warn(`${request.service}: HTTP ${response.status}; retry ${attempt + 1} in ${delay} ms`);
        detachUser();
        attemptAbort.abort();
        await sleep(delay, request.signal);
        waitedMs += delay;
        continue;
      }
    }
    return wrapResponse(response, policy, abort, () => cause, detachUser);
  }
}

function wrapResponse(
  response: Response,
  policy: NetPolicy,
  abort: (why: AbortCause) => void,
  abortCause: () => AbortCause | undefined,
  detachUser: () => void,
): HttpResponse {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    detachUser();
    abort('closed');
  };

  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (!response.body) return;
    const reader = response.body.getReader();
    const idleTimer = setTimeout(() => abort('idle-timeout'), policy.idleTimeoutMs) as unknown as NodeJS.Timeout;
    try {
      for (;;) {
        let result: Awaited<ReturnType<typeof reader.read>>;
        try {
          result = await reader.read();
        } catch (err) {
          throw bodyError(abortCause(), policy, err);
        }
        if (result.done) return;
        idleTimer.refresh();
        yield result.value;
      }
    } finally {
      clearTimeout(idleTimer);
      close();
    }
  }

  return {
    status: response.status,
    ok: response.ok,
    headers: response.headers,
    chunks,
    async text() {
      const decoder = new TextDecoder();
      let text = '';
      for await (const chunk of chunks()) text += decoder.decode(chunk, { stream: true });
      return text + decoder.decode();
    },
    close,
  };
}

function bodyError(cause: AbortCause | undefined, policy: NetPolicy, err: unknown): AgentError {
  if (cause === 'user' || cause === 'closed') return abortedError();
  if (cause === 'idle-timeout') {
    return new AgentError('idle-timeout', `the stream went silent for ${seconds(policy.idleTimeoutMs)} s`, {
      action: { kind: 'retry' },
    });
  }
  return new AgentError('interrupted', 'the connection dropped before the answer was complete', {
    action: { kind: 'retry' },
    detail: describeCause(err),
  });
}

export function abortedError(): AgentError {
  return new AgentError('aborted', 'stopped', { action: { kind: 'none' } });
}

function networkError(request: HttpRequest, err: unknown): AgentError {
  let host = request.url;
  try {
    host = new URL(request.url).host;
  } catch {
    // keep the raw url
  }
  const code = describeCause(err);
  return new AgentError('network', `${request.service}: could not reach ${host}${code ? ` (${code})` : ''}`, {
    action: { kind: 'retry' },
    detail: code,
  });
}

/** The most specific short reason in an error chain: an errno code, else the innermost message. */
function describeCause(err: unknown): string {
  let current: unknown = err;
  let message = err instanceof Error ? err.message : String(err);
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (current instanceof Error) message = current.message;
    current = cause;
  }
  return message;
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

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
