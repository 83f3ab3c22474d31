import { AgentError, toAgentError } from '../errors';
import { abortableSleep, type NetDeps, type NetPolicy } from '../net/http';
import { redactingLog, silentLog, type Log } from '../redact';
import type { YouEndpoint, YouOrigins, YouRequestParams } from './endpoints';
import { callYouJson } from './youCall';

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
 * One JSON request through the shared call (callYouJson: the endpoint table, bounded reads,
 * product-named 403s, the 429 wait, the key redacted): its table method with `body`, or GET with
 * `query`, read up to `maxBytes` (a longer body fails with a too-large error, nothing is parsed).
 * Failures are logged here, redacted of the key.
 */
export async function callJson(
  endpoint: YouEndpoint,
  request: { method?: 'GET'; query?: YouRequestParams['query']; body?: unknown; service: string; maxBytes: number },
  options: YouApiAccess,
): Promise<unknown> {
  const log = redactingLog(options.log ?? silentLog, [options.apiKey]);
  try {
    return await callYouJson(endpoint, request.method === 'GET' ? undefined : request.body, {
      origins: options.origins,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
      net: { ...options.net, log },
      limits: { jsonBodyBytes: request.maxBytes, errorBodyBytes: ERROR_BODY_BYTES },
      ...(request.query ? { params: { query: request.query } } : {}),
      ...(request.method ? { method: request.method } : {}),
      service: request.service,
    });
  } catch (err) {
    const error = toAgentError(err).redacted([options.apiKey]);
    if (error.kind !== 'aborted') log.warn(`${request.service} failed: ${error.message}${error.detail ? ` | ${error.detail}` : ''}`);
    throw error;
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
