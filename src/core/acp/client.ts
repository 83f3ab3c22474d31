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
import type { ProtocolProblem } from '../errorReason';
import { displayUrl, endpointProblem, originOf } from '../url';
import { AcpEventMapper, textMessage } from './events';
import { isAcpId, type AcpAgentManifest, type AcpMode, type AcpRun } from './wire';

export interface AcpServer {
  /** Shown to the user ("local", "team agents"). */
  name: string;
  url: string;
  /** Optional bearer token for a server behind an auth proxy; never logged. */
  token?: string;
}

export interface AcpClientOptions {
  policy?: NetPolicy;
  /** Byte caps on bodies; tests pass small ones. */
  limits?: Partial<ReadLimits>;
  net?: NetDeps;
  log?: Log;
}

export interface AcpRunOptions {
  sessionId?: string;
  signal?: AbortSignal;
  /** stream (default); sync for servers that cannot stream. */
  mode?: 'stream' | 'sync';
}

/**
 * A client for one Agent Communication Protocol server. Runs produce the same RunEvents as the
 * You.com client, so the UI treats both alike.
 */
export class AcpClient {
  private readonly policy: NetPolicy;
  private readonly limits: ReadLimits;
  private readonly net: NetDeps;
  private readonly log: Log;
  private readonly base: string;

  constructor(
    readonly server: AcpServer,
    options: AcpClientOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_NET_POLICY;
    this.limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
    this.net = options.net ?? {};
    this.log = redactingLog(options.log ?? silentLog, [server.token]);
    this.base = endpointBase(server.url);
  }

  async listAgents(signal?: AbortSignal): Promise<AcpAgentManifest[]> {
    const body = await this.json('GET', '/agents', undefined, signal);
    if (!isRecord(body) || !Array.isArray(body.agents)) throw this.protocolError('agent-list');
    return body.agents.map(toManifest).filter((a): a is AcpAgentManifest => a !== undefined);
  }

  async cancel(runId: string, signal?: AbortSignal): Promise<AcpRun> {
    return (await this.json('POST', `/runs/${this.idSegment(runId, 'run')}/cancel`, {}, signal)) as AcpRun;
  }

  /** Starts a run with one user message; streams by default, falls back to sync when streaming is refused. */
  run(agentName: string, input: string, options: AcpRunOptions = {}): AsyncGenerator<RunEvent> {
    if (options.sessionId !== undefined && !isAcpId(options.sessionId)) return this.failed(this.invalidId('session'));
    const body = (mode: AcpMode) => ({
      agent_name: agentName,
      input: [textMessage(input)],
      mode,
      ...(options.sessionId ? { session_id: options.sessionId } : {}),
    });
    return this.execute('/runs', body, options);
  }

  /** Answers a run that awaits input and streams the rest of it. */
  resume(runId: string, text: string, options: Omit<AcpRunOptions, 'sessionId'> = {}): AsyncGenerator<RunEvent> {
    if (!isAcpId(runId)) return this.failed(this.invalidId('run'));
    const body = (mode: AcpMode) => ({ await_resume: { type: 'message', message: textMessage(text) }, mode });
    return this.execute(`/runs/${runId}`, body, options);
  }

  private async *failed(error: AgentError): AsyncGenerator<RunEvent> {
    yield { type: 'error', error, partialText: '' };
  }

  /** An id as a URL path segment, or a protocol error: never an unchecked string in a path. */
  private idSegment(id: string, what: 'run' | 'session'): string {
    if (!isAcpId(id)) throw this.invalidId(what);
    return id;
  }

  private invalidId(what: 'run' | 'session'): AgentError {
    return this.protocolError(what === 'run' ? 'run-id' : 'session-id');
  }

  private async *execute(path: string, body: (mode: AcpMode) => object, options: AcpRunOptions): AsyncGenerator<RunEvent> {
    const mapper = new AcpEventMapper(this.server.name);
    const run = { text: '' };
    let response: HttpResponse | undefined;
    try {
      let mode: AcpMode = options.mode ?? 'stream';
      response = await this.open('POST', path, body(mode), options.signal, mode === 'stream');
      if (mode === 'stream' && (response.status === 400 || response.status === 422)) {
        // A server that cannot stream says so with a validation error: ask again, synchronously.
        const refusal = await response.text(this.limits.errorBodyBytes, 'truncate');
        if (refusesStreaming(refusal)) {
          this.log.info(`${this.server.name}: streaming refused, using sync mode`);
          mode = 'sync';
          response = await this.open('POST', path, body(mode), options.signal, false);
        } else {
          throw this.httpFailure(response.status, refusal, response);
        }
      }
      if (!response.ok) throw this.httpFailure(response.status, await response.text(this.limits.errorBodyBytes, 'truncate'), response);

      const runId = response.headers.get('run-id');
      if (runId !== null) {
        if (!isAcpId(runId)) throw this.protocolError('run-id');
        mapper.runId = runId;
        // Known before the first event: a Stop from now on can cancel the run on the server.
        yield { type: 'started', runId };
      }
      const events: RunEvent[] = [];
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        const result = parseJson(await response.text(this.limits.jsonBodyBytes));
        if (!isRecord(result) || !isAcpId(result.run_id)) throw this.protocolError('run-id');
        const sessionId = result.session_id;
        if (sessionId != null && !isAcpId(sessionId)) throw this.protocolError('session-id');
        events.push({ type: 'started', runId: result.run_id, ...(sessionId ? { sessionId } : {}) });
        mapper.runEnd('run', result, events);
        yield* trackText(events, run);
        return;
      }
      for await (const messages of decodeSse(response.chunks(this.limits.streamBytes))) {
        for (const message of messages) mapper.map(message, events);
        yield* trackText(events, run);
        events.length = 0;
        if (mapper.finished) return;
      }
      yield {
        type: 'error',
        error: new AgentError('interrupted', { code: 'interrupted', service: this.server.name }, { action: { kind: 'retry' } }),
        partialText: run.text,
      };
    } catch (err) {
      const error = toAgentError(err).redacted([this.server.token]);
      if (error.kind !== 'aborted') this.log.warn(`run failed: ${error.message}`);
      yield { type: 'error', error, partialText: run.text };
    } finally {
      response?.close();
    }
  }

  private async open(method: 'GET' | 'POST', path: string, body: object | undefined, signal: AbortSignal | undefined, stream: boolean): Promise<HttpResponse> {
    const { token } = this.server;
    const problem = endpointProblem(this.server.url);
    // A query or fragment would come after the appended path (and may hold a secret): never used.
    if (problem && (token || problem === 'query')) {
      const reason = {
        code: 'bad-endpoint' as const,
        service: this.server.name,
        url: displayUrl(this.server.url),
        problem,
        ...(token ? { withheld: 'token' as const } : {}),
      };
      throw new AgentError('config', reason, { action: { kind: 'check-settings' } });
    }
    return openHttp(
      {
        url: `${this.base}${path}`,
        method,
        service: this.server.name,
        ...(signal ? { signal } : {}),
        headers: {
          Accept: stream ? 'text/event-stream' : 'application/json',
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        ...(token ? { credentialOrigin: originOf(this.base) } : {}),
        ...(body ? { body: JSON.stringify(body) } : {}),
      },
      this.policy,
      { ...this.net, log: this.log },
    );
  }

  private async json(method: 'GET' | 'POST', path: string, body: object | undefined, signal?: AbortSignal): Promise<unknown> {
    let response: HttpResponse | undefined;
    try {
      response = await this.open(method, path, body, signal, false);
      if (!response.ok) throw this.httpFailure(response.status, await response.text(this.limits.errorBodyBytes, 'truncate'), response);
      return parseJson(await response.text(this.limits.jsonBodyBytes));
    } catch (err) {
      throw toAgentError(err).redacted([this.server.token]);
    } finally {
      response?.close();
    }
  }

  private httpFailure(status: number, bodyText: string, response: HttpResponse): AgentError {
    return httpError(status, bodyText, parseRetryAfter(response.headers.get('retry-after')), {
      service: this.server.name,
      credential: 'server-token',
      secrets: [this.server.token],
    });
  }

  private protocolError(problem: ProtocolProblem, detail?: string): AgentError {
    return new AgentError('protocol', { code: 'protocol', service: this.server.name, problem, ...(detail ? { detail } : {}) }, { action: { kind: 'retry' } });
  }
}

/**
 * Whether a 400/422 body says this server cannot stream, by naming the mode: an ACP error
 * `{code: "invalid_input", message}` whose whole message is one of STREAM_REFUSALS, or a
 * validation list (FastAPI/pydantic `{detail: [{loc}]}`) every entry of which is about the `mode`
 * field. Never a substring: "quota exceeded for this model" must not repeat the run.
 */
export function refusesStreaming(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = parseRemoteJson(body);
  } catch {
    return false;
  }
  if (!isRecord(parsed)) return false;
  if (parsed.code === 'invalid_input' && typeof parsed.message === 'string') {
    return STREAM_REFUSALS.has(parsed.message.trim().toLowerCase().replace(/\.$/, ''));
  }
  const { detail } = parsed;
  if (!Array.isArray(detail) || detail.length === 0) return false;
  return detail.every((entry) => isRecord(entry) && Array.isArray(entry.loc) && entry.loc[entry.loc.length - 1] === 'mode');
}

/** The refusals of `mode: "stream"` known from ACP servers (lower case, no final period). */
const STREAM_REFUSALS = new Set([
  'mode stream is not supported by this server',
  'mode stream is not supported',
  'stream mode is not supported',
  'streaming is not supported',
  'streaming is not supported by this server',
]);

/** The server URL without a trailing slash, query or fragment: paths are appended to it. */
function endpointBase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.replace(/\/+$/, '');
  }
}

/** A manifest with every field the client passes on type-checked; undefined when it has no name. */
function toManifest(value: unknown): AcpAgentManifest | undefined {
  if (!isRecord(value) || typeof value.name !== 'string' || !value.name.trim()) return undefined;
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : undefined);
  const input = strings(value.input_content_types);
  const output = strings(value.output_content_types);
  return {
    name: value.name,
    ...(typeof value.description === 'string' ? { description: value.description } : {}),
    ...(input ? { input_content_types: input } : {}),
    ...(output ? { output_content_types: output } : {}),
    ...(isRecord(value.metadata) ? { metadata: value.metadata } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return parseRemoteJson(text);
  } catch {
    throw new AgentError('protocol', { code: 'protocol', problem: 'not-json' }, { action: { kind: 'retry' }, detail: text.slice(0, 300) });
  }
}
