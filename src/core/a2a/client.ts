import { AgentError, httpError, isRecord, toAgentError } from '../errors';
import { parseRemoteJson } from '../json';
import { trackText, type RunEvent } from '../events';
import {
  DEFAULT_NET_POLICY,
  DEFAULT_READ_LIMITS,
  openHttp,
  parseRetryAfter,
  type HttpResponse,
  type NetDeps,
  type NetPolicy,
  type ReadLimits,
} from '../net/http';
import { redactingLog, silentLog, type Log } from '../redact';
import { decodeSse } from '../sse';
import { displayUrl, endpointProblem, originOf } from '../url';
import type { A2aAgentCard } from './card';
import { A2aEventMapper } from './events';
import { isA2aId, METHODS, sendParams } from './wire';

/** An A2A agent server as the user configured it. */
export interface A2aServer {
  /** Shown to the user ("team agents"). */
  name: string;
  /** The base URL the card was read from (`{url}/.well-known/agent-card.json`). */
  url: string;
  /** Optional bearer token; goes to this URL's origin only, never logged. */
  token?: string;
}

export interface A2aClientOptions {
  policy?: NetPolicy;
  /** Byte caps on bodies; tests pass small ones. */
  limits?: Partial<ReadLimits>;
  net?: NetDeps;
  log?: Log;
  /**
   * The user agreed that questions go to the card's interface on another origin (`origin`), and
   * whether the token goes with them. Without it, such a card gets nothing.
   */
  interfaceConsent?: { origin: string; withToken: boolean };
}

export interface A2aRunOptions {
  /** The conversation's context id from an earlier `started` event: follow-ups reuse it. */
  contextId?: string;
  signal?: AbortSignal;
}

/** The A2A-Version the client sends is the interface's; JSON-RPC bodies are JSON, HTTP+JSON 1.0 prefers its own type. */
const A2A_JSON = 'application/a2a+json';

/**
 * A client for one A2A agent, from its Agent Card: SendStreamingMessage when the card says it
 * streams, SendMessage otherwise, over the card's first JSON-RPC or HTTP+JSON interface, with the
 * v0.3 method names for a v0.3 peer. Runs produce the same RunEvents as the other clients.
 */
export class A2aClient {
  private readonly policy: NetPolicy;
  private readonly limits: ReadLimits;
  private readonly net: NetDeps;
  private readonly log: Log;
  private requestId = 0;

  constructor(
    readonly server: A2aServer,
    readonly card: A2aAgentCard,
    private readonly options: A2aClientOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_NET_POLICY;
    this.limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
    this.net = options.net ?? {};
    this.log = redactingLog(options.log ?? silentLog, [server.token]);
  }

  /** Asks the agent; `contextId` continues a conversation. */
  run(input: string, options: A2aRunOptions = {}): AsyncGenerator<RunEvent> {
    if (options.contextId !== undefined && !isA2aId(options.contextId)) return this.failed(this.protocolError('context-id'));
    return this.send(input, { ...(options.contextId ? { contextId: options.contextId } : {}) }, options.signal);
  }

  /** Answers a task that asked for input (`await`), with the same task and context. */
  resume(taskId: string, text: string, options: A2aRunOptions = {}): AsyncGenerator<RunEvent> {
    if (!isA2aId(taskId)) return this.failed(this.protocolError('task-id'));
    if (options.contextId !== undefined && !isA2aId(options.contextId)) return this.failed(this.protocolError('context-id'));
    return this.send(text, { taskId, ...(options.contextId ? { contextId: options.contextId } : {}) }, options.signal);
  }

  /** Asks the server to cancel a task (Stop); resolves with the server's answer, throws an AgentError. */
  async cancel(taskId: string, signal?: AbortSignal): Promise<unknown> {
    if (!isA2aId(taskId)) throw this.protocolError('task-id');
    const { endpoint } = this.card;
    const version = endpoint.version;
    let response: HttpResponse | undefined;
    try {
      response =
        endpoint.binding === 'JSONRPC'
          ? await this.open(endpoint.url, this.rpcBody(METHODS[version].cancel, { id: taskId }), false, signal)
          : await this.open(this.restUrl(`tasks/${taskId}:cancel`), version === '1.0' ? { id: taskId } : {}, false, signal);
      const text = await this.readBody(response);
      if (!response.ok) throw this.httpFailure(response, text);
      return endpoint.binding === 'JSONRPC' ? this.rpcResult(parseJson(text)) : parseJson(text);
    } catch (err) {
      throw toAgentError(err).redacted([this.server.token]);
    } finally {
      response?.close();
    }
  }

  private async *failed(error: AgentError): AsyncGenerator<RunEvent> {
    yield { type: 'error', error, partialText: '' };
  }

  private async *send(text: string, ids: { taskId?: string; contextId?: string }, signal?: AbortSignal): AsyncGenerator<RunEvent> {
    const { endpoint, streaming } = this.card;
    const mapper = new A2aEventMapper(this.server.name);
    const run = { text: '' };
    const events: RunEvent[] = [];
    let response: HttpResponse | undefined;
    try {
      const params = sendParams(endpoint.version, endpoint.binding, text, ids, randomId());
      const methods = METHODS[endpoint.version];
      response =
        endpoint.binding === 'JSONRPC'
          ? await this.open(endpoint.url, this.rpcBody(streaming ? methods.stream : methods.send, params), streaming, signal)
          : await this.open(this.restUrl(streaming ? 'message:stream' : 'message:send'), params, streaming, signal);
      if (!response.ok) throw this.httpFailure(response, await response.text(this.limits.errorBodyBytes, 'truncate'));
      const contentType = response.headers.get('content-type') ?? '';
      if (!contentType.includes('text/event-stream')) {
        // A send result, or an error before the stream started (JSON instead of SSE).
        const body = parseJson(await response.text(this.limits.jsonBodyBytes));
        mapper.map(endpoint.binding === 'JSONRPC' ? this.rpcResult(body) : body, events);
        yield* trackText(events, run);
        if (!mapper.finished) yield this.interrupted(run.text);
        return;
      }
      for await (const batch of decodeSse(response.chunks(this.limits.streamBytes))) {
        for (const sse of batch) {
          if (mapper.finished) break;
          this.streamEvent(sse.event, sse.data, mapper, events, endpoint.binding === 'JSONRPC');
        }
        yield* trackText(events, run);
        events.length = 0;
        if (mapper.finished) return;
      }
      yield this.interrupted(run.text);
    } catch (err) {
      // Events mapped before the failure (a chunk whose next event was unreadable) still count.
      yield* trackText(events.splice(0), run);
      const error = toAgentError(err).redacted([this.server.token]);
      if (error.kind !== 'aborted') this.log.warn(`run failed: ${error.message}`);
      yield { type: 'error', error, partialText: run.text };
    } finally {
      response?.close();
    }
  }

  /** One SSE event: a JSON-RPC response (JSON-RPC binding) or a bare stream response (HTTP+JSON); `event: error` fails the run. */
  private streamEvent(name: string | undefined, data: string, mapper: A2aEventMapper, out: RunEvent[], jsonRpc: boolean): void {
    let body: unknown;
    try {
      body = parseRemoteJson(data);
    } catch {
      out.push({ type: 'progress', kind: 'debug', message: `unreadable event: ${data.slice(0, 100)}` });
      return;
    }
    if (name === 'error') throw this.errorFromBody(body) ?? this.protocolError('not-json', data.slice(0, 300));
    mapper.map(jsonRpc ? this.rpcResult(body) : body, out);
  }

  /** A JSON-RPC response's result, or its error thrown as an AgentError. */
  private rpcResult(body: unknown): unknown {
    const error = this.errorFromBody(body);
    if (error) throw error;
    return isRecord(body) ? body.result : undefined;
  }

  /** A JSON-RPC `{error: {code, message}}` or an HTTP+JSON `{error: {code, status, message}}` as an AgentError. */
  private errorFromBody(body: unknown): AgentError | undefined {
    if (!isRecord(body) || !isRecord(body.error)) return undefined;
    const { code, message } = body.error;
    const rpcCode = typeof code === 'number' && Number.isFinite(code) ? code : 0;
    const said = typeof message === 'string' && message ? { message: message.slice(0, 300) } : {};
    const reason = { code: 'rpc-error' as const, service: this.server.name, rpcCode, ...said };
    return new AgentError('failed', reason, { action: { kind: 'retry' } }).redacted([this.server.token]);
  }

  private interrupted(partialText: string): RunEvent {
    const error = new AgentError('interrupted', { code: 'interrupted', service: this.server.name }, { action: { kind: 'retry' } });
    return { type: 'error', error, partialText };
  }

  private rpcBody(method: string, params: object): object {
    return { jsonrpc: '2.0', id: ++this.requestId, method, params };
  }

  /** An HTTP+JSON route under the interface URL: `/v1/…` for 0.3, `/{tenant}/…` when the card names a tenant. */
  private restUrl(route: string): string {
    const { url, version, tenant } = this.card.endpoint;
    const base = url.replace(/\/+$/, '');
    const prefix = version === '0.3' ? '/v1' : tenant ? `/${encodeURIComponent(tenant)}` : '';
    return `${base}${prefix}/${route}`;
  }

  /**
   * Opens a POST to the interface. The token goes only to the server's own origin, or to the
   * interface's when the user agreed to it; a foreign interface without consent gets nothing.
   */
  private open(url: string, body: object, stream: boolean, signal: AbortSignal | undefined): Promise<HttpResponse> {
    const serverOrigin = originOf(this.server.url);
    const target = originOf(url);
    const consent = this.options.interfaceConsent;
    const consented = consent !== undefined && consent.origin === target;
    if (target !== serverOrigin && !consented) {
      const reason = { code: 'foreign-interface' as const, service: this.server.name, url: displayUrl(url), origin: serverOrigin };
      throw new AgentError('config', reason, { action: { kind: 'check-settings' } });
    }
    const problem = endpointProblem(url);
    if (problem) {
      const withheld = this.server.token ? { withheld: 'token' as const } : {};
      const reason = { code: 'bad-endpoint' as const, service: this.server.name, url: displayUrl(url), problem, ...withheld };
      throw new AgentError('config', reason, { action: { kind: 'check-settings' } });
    }
    const token = this.server.token && (target === serverOrigin || consent?.withToken) ? this.server.token : undefined;
    const { binding, version } = this.card.endpoint;
    return openHttp(
      {
        url,
        method: 'POST',
        service: this.server.name,
        ...(signal ? { signal } : {}),
        headers: {
          Accept: stream ? 'text/event-stream' : 'application/json',
          'Content-Type': binding === 'HTTP+JSON' && version === '1.0' ? A2A_JSON : 'application/json',
          'A2A-Version': version,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        ...(token ? { credentialOrigin: target } : {}),
        body: JSON.stringify(body),
      },
      this.policy,
      { ...this.net, log: this.log },
    );
  }

  private async readBody(response: HttpResponse): Promise<string> {
    return response.ok ? response.text(this.limits.jsonBodyBytes) : response.text(this.limits.errorBodyBytes, 'truncate');
  }

  private httpFailure(response: HttpResponse, bodyText: string): AgentError {
    return httpError(response.status, bodyText, parseRetryAfter(response.headers.get('retry-after')), {
      service: this.server.name,
      credential: 'server-token',
      secrets: [this.server.token],
    });
  }

  private protocolError(problem: 'task-id' | 'context-id' | 'not-json', detail?: string): AgentError {
    return new AgentError('protocol', { code: 'protocol', service: this.server.name, problem, ...(detail ? { detail } : {}) }, { action: { kind: 'retry' } });
  }
}

function parseJson(text: string): unknown {
  try {
    return parseRemoteJson(text);
  } catch {
    throw new AgentError('protocol', { code: 'protocol', problem: 'not-json' }, { action: { kind: 'retry' }, detail: text.slice(0, 300) });
  }
}

/** A message id: random, so a repeated question is a new message. */
function randomId(): string {
  return globalThis.crypto.randomUUID();
}
