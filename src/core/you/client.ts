import { AgentError, httpError, toAgentError } from '../errors';
import { trackText, type RunEvent } from '../events';
import { DEFAULT_NET_POLICY, openHttp, parseRetryAfter, type HttpResponse, type NetDeps, type NetPolicy } from '../net/http';
import { redactingLog, silentLog, type Log } from '../redact';
import { decodeSse } from '../sse';
import { batchEvents, YouEventMapper } from './events';
import { buildRunRequest, type YouAgentConfig } from './request';

export const DEFAULT_BASE_URL = 'https://api.you.com';
export const RUNS_PATH = '/v1/agents/runs';

export interface YouClientOptions {
  /** The API origin; https://api.you.com unless the user set another. */
  baseUrl?: string;
  policy?: NetPolicy;
  net?: NetDeps;
  log?: Log;
}

export interface YouRunOptions {
  /** Passed per request and never kept; absent only for a local demo server. */
  apiKey?: string;
  signal?: AbortSignal;
  /** true (default): SSE; false: one batch response. */
  stream?: boolean;
}

/**
 * The docs send `Authorization: Bearer`, the generated SDKs `X-API-Key`; which one the
 * endpoint needs is unknown (docs/protocols.md §1), so the choice lives here alone.
 */
export function authHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
}

export function runsUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new AgentError('config', `the base URL "${baseUrl}" is not a URL`, { action: { kind: 'check-settings' } });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AgentError('config', `the base URL must start with https:// (got ${url.protocol})`, { action: { kind: 'check-settings' } });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${RUNS_PATH}`;
}

export class YouClient {
  private readonly baseUrl: string;
  private readonly policy: NetPolicy;
  private readonly net: NetDeps;
  private readonly log: Log;

  constructor(options: YouClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
    this.policy = options.policy ?? DEFAULT_NET_POLICY;
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
      const url = runsUrl(this.baseUrl);
      const body = buildRunRequest(config, input, stream);
      log.info(`POST ${url} agent=${body.agent} stream=${stream}`);
      response = await openHttp(
        {
          url,
          method: 'POST',
          service: 'You.com',
          signal: options.signal,
          headers: {
            'Content-Type': 'application/json',
            Accept: stream ? 'text/event-stream' : 'application/json',
            ...authHeaders(options.apiKey),
          },
          body: JSON.stringify(body),
        },
        this.policy,
        { ...this.net, log },
      );
      if (!response.ok) {
        const bodyText = await response.text();
        throw httpError(response.status, bodyText, parseRetryAfter(response.headers.get('retry-after')));
      }

      const contentType = response.headers.get('content-type') ?? '';
      if (!contentType.includes('text/event-stream')) {
        // Batch answer, or a server that ignored `stream: true`.
        const bodyText = await response.text();
        let parsed: unknown;
        try {
          parsed = JSON.parse(bodyText);
        } catch {
          throw new AgentError('protocol', `You.com: expected JSON or an event stream, got ${contentType || 'no content type'}`, {
            action: { kind: 'retry' },
            detail: bodyText.slice(0, 500),
          });
        }
        yield* trackText(batchEvents(parsed), run);
        return;
      }

      const mapper = new YouEventMapper();
      const events: RunEvent[] = [];
      for await (const messages of decodeSse(response.chunks())) {
        for (const message of messages) mapper.map(message, events);
        yield* trackText(events, run);
        events.length = 0;
        if (mapper.done) return; // ignore anything after response.done
      }
      yield {
        type: 'error',
        error: new AgentError('interrupted', 'You.com: the stream ended before the answer was complete', {
          action: { kind: 'retry' },
        }),
        partialText: run.text,
      };
    } catch (err) {
      const error = toAgentError(err).redacted(secrets);
      if (error.kind === 'aborted') log.info('run stopped');
      else log.warn(`run failed: ${error.message}${error.detail ? ` | ${error.detail}` : ''}`);
      yield { type: 'error', error, partialText: run.text };
    } finally {
      response?.close();
    }
  }
}

export type KeyCheck = { result: 'valid' } | { result: 'invalid'; message: string } | { result: 'unknown'; message: string };

/**
 * Checks a key without running an agent: a body with no `input` is refused with 422/400 once
 * the key passed authentication, and with 401/403 when it did not. Costs no agent run.
 */
export async function checkKey(baseUrl: string, apiKey: string, policy: NetPolicy = DEFAULT_NET_POLICY, net: NetDeps = {}): Promise<KeyCheck> {
  let response: HttpResponse | undefined;
  try {
    response = await openHttp(
      {
        url: runsUrl(baseUrl),
        method: 'POST',
        service: 'You.com',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders(apiKey) },
        body: JSON.stringify({ agent: 'express' }),
      },
      { ...policy, retry: { ...policy.retry, maxRetries: 0 } },
      net,
    );
    const body = await response.text();
    if (response.status === 401 || response.status === 403) return { result: 'invalid', message: httpError(response.status, body, undefined).redacted([apiKey]).message };
    if (response.status === 400 || response.status === 422 || response.ok) return { result: 'valid' };
    return { result: 'unknown', message: httpError(response.status, body, undefined).redacted([apiKey]).message };
  } catch (err) {
    return { result: 'unknown', message: toAgentError(err).redacted([apiKey]).message };
  } finally {
    response?.close();
  }
}
