import { AgentError, httpError, toAgentError, type ErrorReason } from '../errors';
import { parseRemoteJson } from '../json';
import { statusEvent, trackText, type RunEvent } from '../events';
import {
  DEFAULT_NET_POLICY,
  DEFAULT_READ_LIMITS,
  openHttp,
  parseRetryAfter,
  type HttpRequest,
  type HttpResponse,
  type NetDeps,
  type NetPolicy,
  type ReadLimits,
} from '../net/http';
import { redactingLog, silentLog, type Log } from '../redact';
import { decodeSse } from '../sse';
import { displayUrl } from '../url';
import { authHeaders, DEFAULT_API_BASE_URL, DEFAULT_YOU_ORIGINS, YOU_ENDPOINTS, youRequest } from './endpoints';
import { batchEvents, YouEventMapper } from './events';
import { buildRunRequest, type YouAgentConfig } from './request';

export const DEFAULT_BASE_URL = DEFAULT_API_BASE_URL;
export const RUNS_PATH = YOU_ENDPOINTS['agents-runs'].path;
/** How long a batch (`stream: false`) run may take in all before the client gives up. */
export const DEFAULT_BATCH_DEADLINE_MS = 10 * 60_000;

export interface YouClientOptions {
  /** The API origin; https://api.you.com unless the user set another. */
  baseUrl?: string;
  policy?: NetPolicy;
  /** Whole-run deadline of batch runs; stream runs use the policy's connect and idle timeouts. */
  batchDeadlineMs?: number;
  /** Byte caps on bodies; tests pass small ones. */
  limits?: Partial<ReadLimits>;
  net?: NetDeps;
  log?: Log;
}

export interface YouRunOptions {
  /** Passed per request and never kept; absent only for a local demo server. */
  apiKey?: string;
  signal?: AbortSignal;
  /** true (default): SSE; false: one batch response. */
  stream?: boolean;
  /** Overrides the client's batch deadline for this run. */
  batchDeadlineMs?: number;
}

export { authHeaders };

export function runsUrl(baseUrl: string): string {
  return youRequest('agents-runs', { ...DEFAULT_YOU_ORIGINS, api: baseUrl }, undefined).url;
}

/** The URL, auth header and credential binding of a run; a config error when the base URL may not receive the key. */
function keyedRequest(baseUrl: string, apiKey: string | undefined): { url: string; headers: Record<string, string>; credentialOrigin?: string } {
  const target = youRequest('agents-runs', { ...DEFAULT_YOU_ORIGINS, api: baseUrl }, apiKey);
  return { url: target.url, headers: target.headers, ...(target.credentialOrigin ? { credentialOrigin: target.credentialOrigin } : {}) };
}

export class YouClient {
  private readonly baseUrl: string;
  private readonly policy: NetPolicy;
  private readonly batchDeadlineMs: number;
  private readonly limits: ReadLimits;
  private readonly net: NetDeps;
  private readonly log: Log;

  constructor(options: YouClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    this.policy = options.policy ?? DEFAULT_NET_POLICY;
    this.batchDeadlineMs = options.batchDeadlineMs ?? DEFAULT_BATCH_DEADLINE_MS;
    this.limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
    this.net = options.net ?? {};
    this.log = options.log ?? silentLog;
  }

  /**
   * Runs an agent and yields its events. Never throws: every failure ends the stream with
   * one `error` event carrying the text received so far. Breaking out of the loop closes
   * the connection.
   */
  async *run(config: YouAgentConfig, input: string, options: YouRunOptions = {}): AsyncGenerator<RunEvent> {
    const secrets = [options.apiKey];
    const log = redactingLog(this.log, secrets);
    const stream = options.stream ?? true;
    const run = { text: '' };
    let response: HttpResponse | undefined;
    try {
      const request = this.runRequest(config, input, stream, options, log);
      if (!stream) yield statusEvent('batch-waiting');
      response = await this.openRun(request, stream, options.batchDeadlineMs ?? this.batchDeadlineMs, log, secrets);
      const contentType = response.headers.get('content-type') ?? '';
      // Batch answer, or a server that ignored `stream: true`.
      if (!contentType.includes('text/event-stream')) yield* trackText(batchEvents(await this.batchBody(response, contentType)), run);
      else yield* this.streamed(response, run);
    } catch (err) {
      const error = toAgentError(err).redacted(secrets);
      if (error.kind === 'aborted') log.info('run stopped');
      else log.warn(`run failed: ${error.message}${error.detail ? ` | ${error.detail}` : ''}`);
      yield { type: 'error', error, partialText: run.text };
    } finally {
      response?.close();
    }
  }

  /** The POST that starts a run (its URL checked for the key first), logged without the key. */
  private runRequest(config: YouAgentConfig, input: string, stream: boolean, options: YouRunOptions, log: Log): HttpRequest {
    const keyed = keyedRequest(this.baseUrl, options.apiKey);
    const url = keyed.url;
    const body = buildRunRequest(config, input, stream);
    log.info(`POST ${displayUrl(url)} agent=${body.agent} stream=${stream}`);
    return {
      url,
      method: 'POST',
      service: 'You.com',
      signal: options.signal,
      headers: { 'Content-Type': 'application/json', Accept: stream ? 'text/event-stream' : 'application/json', ...keyed.headers },
      ...(keyed.credentialOrigin ? { credentialOrigin: keyed.credentialOrigin } : {}),
      body: JSON.stringify(body),
    };
  }

  /** Sends the run's request; a status that is not ok throws, with a summary of the server's body. */
  private async openRun(request: HttpRequest, stream: boolean, batchDeadlineMs: number, log: Log, secrets: (string | undefined)[]): Promise<HttpResponse> {
    // A batch answer comes all at once: its headers may take as long as the whole run.
    const policy = stream ? this.policy : { ...this.policy, connectTimeoutMs: batchDeadlineMs };
    let response: HttpResponse;
    try {
      response = await openHttp(request, policy, { ...this.net, log });
    } catch (err) {
      if (!stream && err instanceof AgentError && err.kind === 'connect-timeout') throw batchDeadlineError(batchDeadlineMs);
      throw err;
    }
    if (response.ok) return response;
    const bodyText = await response.text(this.limits.errorBodyBytes, 'truncate').finally(() => response.close());
    throw httpError(response.status, bodyText, parseRetryAfter(response.headers.get('retry-after')), { secrets });
  }

  /** A whole JSON answer; anything else is a protocol error naming the content type. */
  private async batchBody(response: HttpResponse, contentType: string): Promise<unknown> {
    const bodyText = await response.text(this.limits.jsonBodyBytes);
    try {
      return parseRemoteJson(bodyText);
    } catch {
      throw new AgentError('protocol', { code: 'protocol', service: 'You.com', problem: 'content-type', ...(contentType ? { detail: contentType } : {}) }, {
        action: { kind: 'retry' },
        detail: bodyText.slice(0, 500),
      });
    }
  }

  /** The events of a streamed answer; a stream that ends before `response.done` ends with an `interrupted` error. */
  private async *streamed(response: HttpResponse, run: { text: string }): AsyncGenerator<RunEvent> {
    const mapper = new YouEventMapper();
    const events: RunEvent[] = [];
    for await (const messages of decodeSse(response.chunks(this.limits.streamBytes))) {
      for (const message of messages) mapper.map(message, events);
      yield* trackText(events, run);
      events.length = 0;
      if (mapper.done) return; // ignore anything after response.done
    }
    yield {
      type: 'error',
      error: new AgentError('interrupted', { code: 'interrupted', service: 'You.com' }, { action: { kind: 'retry' } }),
      partialText: run.text,
    };
  }
}

function batchDeadlineError(deadlineMs: number): AgentError {
  const seconds = Math.round(deadlineMs / 100) / 10;
  return new AgentError('connect-timeout', { code: 'batch-deadline', service: 'You.com', seconds }, { action: { kind: 'retry' } });
}

/** `message` is English (logs); `reason` lets the host word it (errorText). */
export type KeyCheck = { result: 'valid' } | { result: 'invalid' | 'unknown'; message: string; reason: ErrorReason };

/**
 * Checks a key without running an agent: a body with no `input` is refused with 422/400 once
 * the key passed authentication, and with 401/403 when it did not. Costs no agent run.
 */
export async function checkKey(baseUrl: string, apiKey: string, policy: NetPolicy = DEFAULT_NET_POLICY, net: NetDeps = {}): Promise<KeyCheck> {
  let response: HttpResponse | undefined;
  try {
    const keyed = keyedRequest(baseUrl, apiKey);
    response = await openHttp(
      {
        url: keyed.url,
        method: 'POST',
        service: 'You.com',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...keyed.headers },
        ...(keyed.credentialOrigin ? { credentialOrigin: keyed.credentialOrigin } : {}),
        body: JSON.stringify({ agent: 'express' }),
      },
      { ...policy, retry: { ...policy.retry, maxRetries: 0 } },
      net,
    );
    const body = await response.text(DEFAULT_READ_LIMITS.errorBodyBytes, 'truncate');
    const { status } = response;
    const failure = () => {
      const error = httpError(status, body, undefined, { secrets: [apiKey] }).redacted([apiKey]);
      return { message: error.message, reason: error.reason };
    };
    if (status === 401 || status === 403) return { result: 'invalid', ...failure() };
    if (status === 400 || status === 422 || response.ok) return { result: 'valid' };
    return { result: 'unknown', ...failure() };
  } catch (err) {
    const error = toAgentError(err).redacted([apiKey]);
    return { result: 'unknown', message: error.message, reason: error.reason };
  } finally {
    response?.close();
  }
}
