import { AgentError, httpError, toAgentError } from '../errors';
import { parseRemoteJson } from '../json';
import { abortableSleep, DEFAULT_NET_POLICY, openHttp, type HttpResponse, type NetDeps, type NetPolicy } from '../net/http';
import { redactingLog, silentLog, type Log } from '../redact';
import { displayUrl } from '../url';
import { youRequest, type YouEndpoint, type YouOrigins, type YouRequestParams } from './endpoints';
import { rateLimitWaitSeconds } from './rateLimit';

/** What the Answer, Search and Contents clients share: the two origins, the key, how they reach the network. */
export interface YouApiAccess {
  /** From the user's settings only (baseUrl, searchBaseUrl); a local demo serves both. */
  origins: YouOrigins;
  /** Absent only for a local demo server. */
  apiKey?: string;
  policy?: NetPolicy;
  net?: NetDeps;
  log?: Log;
  signal?: AbortSignal;
}

/** Byte caps of the three APIs' bodies: an error is summarised from its start, a result is read whole up to its cap or refused. */
export const ERROR_BODY_BYTES = 64 * 1024;

/**
 * One JSON request to a You.com endpoint and its parsed answer: its table method with `body`, or GET with `query`.
 * The response is read up to `maxBytes` (a longer one fails with a too-large error, nothing is
 * parsed), an error status becomes an AgentError worded in one place, and every text is
 * redacted of the key. The POST is repeated only by openHttp's rules (it cannot have run).
 */
export async function callJson(
  endpoint: YouEndpoint,
  request: { method?: 'GET'; query?: YouRequestParams['query']; body?: unknown; service: string; maxBytes: number },
  options: YouApiAccess,
): Promise<unknown> {
  const secrets = [options.apiKey];
  const log = redactingLog(options.log ?? silentLog, secrets);
  let response: HttpResponse | undefined;
  try {
    // The endpoint table alone decides the URL, the header the key goes in and the origin it is bound to.
    const target = youRequest(endpoint, options.origins, options.apiKey, request.query ? { query: request.query } : {});
    const method = request.method ?? target.method;
    log.info(`${method} ${displayUrl(target.url)}`);
    response = await openHttp(
      {
        url: target.url,
        method,
        service: request.service,
        signal: options.signal,
        headers: { Accept: 'application/json', ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...target.headers },
        ...(target.credentialOrigin ? { credentialOrigin: target.credentialOrigin } : {}),
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      },
      options.policy ?? DEFAULT_NET_POLICY,
      { ...options.net, log },
    );
    if (!response.ok) {
      const text = await response.text(ERROR_BODY_BYTES, 'truncate');
      // 429: Retry-After, else You.com's X-RateLimit-Reset (a Unix time); 403 "Missing required scopes" names the product.
      const wait = response.status === 429 ? rateLimitWaitSeconds(response.headers) : undefined;
      throw httpError(response.status, text, wait, { service: request.service, secrets, product: target.product });
    }
    const text = await response.text(request.maxBytes);
    try {
      return parseRemoteJson(text);
    } catch {
      const reason = { code: 'protocol' as const, service: request.service, problem: 'not-json' as const };
      throw new AgentError('protocol', reason, { action: { kind: 'retry' }, detail: text.slice(0, 300) });
    }
  } catch (err) {
    const error = toAgentError(err).redacted(secrets);
    if (error.kind !== 'aborted') log.warn(`${request.service} failed: ${error.message}${error.detail ? ` | ${error.detail}` : ''}`);
    throw error;
  } finally {
    response?.close();
  }
}

/** The longest rate-limit wait taken on the user's behalf; a longer one is reported (with the wait) instead. */
export const MAX_RATE_LIMIT_WAIT_SECONDS = 60;

/**
 * The wait a 429 asks for, when it is short enough to take once (`attempt` 0) before asking
 * again: a 429 means the request did not run, so asking again cannot run it twice.
 */
export function rateLimitWait(err: unknown, attempt: number): number | undefined {
  if (attempt > 0 || !(err instanceof AgentError) || err.status !== 429 || err.reason.code !== 'http-status') return undefined;
  const seconds = err.reason.waitSeconds;
  return seconds !== undefined && seconds <= MAX_RATE_LIMIT_WAIT_SECONDS ? seconds : undefined;
}

/** `call`, asked once more after the wait a 429 names (rateLimitWait); `onWait` hears of the wait first. */
export async function withRateLimitWait<T>(access: YouApiAccess, call: () => Promise<T>, onWait?: (seconds: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const seconds = rateLimitWait(err, attempt);
      if (seconds === undefined) throw err;
      onWait?.(seconds);
      await (access.net?.sleep ?? abortableSleep)(seconds * 1000, access.signal);
    }
  }
}

/** A string field, or '' (remote JSON has no promised types). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
