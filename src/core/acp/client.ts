import { AgentError, httpError, isRecord, toAgentError } from '../errors';
import { trackText, type RunEvent } from '../events';
import { DEFAULT_NET_POLICY, openHttp, parseRetryAfter, type HttpResponse, type NetDeps, type NetPolicy } from '../net/http';
import { redactingLog, silentLog, type Log } from '../redact';
import { decodeSse } from '../sse';
import { AcpEventMapper, textMessage } from './events';
import type { AcpAgentManifest, AcpMode, AcpRun, AcpSession } from './wire';

export interface AcpServer {
  /** Shown to the user ("local", "team agents"). */
  name: string;
  url: string;
  /** Optional bearer token for a server behind an auth proxy; never logged. */
  token?: string;
}

export interface AcpClientOptions {
  policy?: NetPolicy;
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
  private readonly net: NetDeps;
  private readonly log: Log;
  private readonly base: string;

  constructor(
    readonly server: AcpServer,
    options: AcpClientOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_NET_POLICY;
    this.net = options.net ?? {};
    this.log = redactingLog(options.log ?? silentLog, [server.token]);
    this.base = server.url.replace(/\/+$/, '');
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.json('GET', '/ping', undefined, signal);
  }

  async listAgents(signal?: AbortSignal): Promise<AcpAgentManifest[]> {
    const body = await this.json('GET', '/agents', undefined, signal);
    if (!isRecord(body) || !Array.isArray(body.agents)) throw this.protocolError('GET /agents did not return {agents: [...]}');
    return body.agents.filter((a): a is AcpAgentManifest => isRecord(a) && typeof a.name === 'string');
  }

  async getAgent(name: string, signal?: AbortSignal): Promise<AcpAgentManifest> {
    return (await this.json('GET', `/agents/${encodeURIComponent(name)}`, undefined, signal)) as AcpAgentManifest;
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<AcpRun> {
    return (await this.json('GET', `/runs/${encodeURIComponent(runId)}`, undefined, signal)) as AcpRun;
  }

  async cancel(runId: string, signal?: AbortSignal): Promise<AcpRun> {
    return (await this.json('POST', `/runs/${encodeURIComponent(runId)}/cancel`, {}, signal)) as AcpRun;
  }

  async getSession(sessionId: string, signal?: AbortSignal): Promise<AcpSession> {
    return (await this.json('GET', `/sessions/${encodeURIComponent(sessionId)}`, undefined, signal)) as AcpSession;
  }

  /** Starts a run with one user message; streams by default, falls back to sync when streaming is refused. */
  run(agentName: string, input: string, options: AcpRunOptions = {}): AsyncGenerator<RunEvent> {
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
    const body = (mode: AcpMode) => ({ await_resume: { type: 'message', message: textMessage(text) }, mode });
    return this.execute(`/runs/${encodeURIComponent(runId)}`, body, options);
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
        const refusal = await response.text();
        if (/stream|mode/i.test(refusal)) {
          this.log.info(`${this.server.name}: streaming refused, using sync mode`);
          mode = 'sync';
          response = await this.open('POST', path, body(mode), options.signal, false);
        } else {
          throw this.httpFailure(response.status, refusal, response);
        }
      }
      if (!response.ok) throw this.httpFailure(response.status, await response.text(), response);

      const runId = response.headers.get('run-id') ?? undefined;
      if (runId) mapper.runId = runId;
      const events: RunEvent[] = [];
      if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        const result = parseJson(await response.text()) as AcpRun;
        if (!isRecord(result) || typeof result.run_id !== 'string') throw this.protocolError('the run response is not a Run');
        events.push({ type: 'started', runId: result.run_id, ...(result.session_id ? { sessionId: result.session_id } : {}) });
        mapper.runEnd('run', result, events);
        yield* trackText(events, run);
        return;
      }
      for await (const messages of decodeSse(response.chunks())) {
        for (const message of messages) mapper.map(message, events);
        yield* trackText(events, run);
        events.length = 0;
        if (mapper.finished) return;
      }
      yield {
        type: 'error',
        error: new AgentError('interrupted', `${this.server.name}: the stream ended before the run finished`, { action: { kind: 'retry' } }),
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

  private open(method: 'GET' | 'POST', path: string, body: object | undefined, signal: AbortSignal | undefined, stream: boolean): Promise<HttpResponse> {
    return openHttp(
      {
        url: `${this.base}${path}`,
        method,
        service: this.server.name,
        ...(signal ? { signal } : {}),
        headers: {
          Accept: stream ? 'text/event-stream' : 'application/json',
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(this.server.token ? { Authorization: `Bearer ${this.server.token}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      },
      this.policy,
      { ...this.net, log: this.log },
    );
  }

  private async json(method: 'GET' | 'POST', path: string, body: object | undefined, signal?: AbortSignal): Promise<unknown> {
    const response = await this.open(method, path, body, signal, false);
    try {
      const text = await response.text();
      if (!response.ok) throw this.httpFailure(response.status, text, response);
      return parseJson(text);
    } catch (err) {
      throw toAgentError(err).redacted([this.server.token]);
    } finally {
      response.close();
    }
  }

  private httpFailure(status: number, bodyText: string, response: HttpResponse): AgentError {
    return httpError(status, bodyText, parseRetryAfter(response.headers.get('retry-after')), { service: this.server.name, credential: 'server-token' });
  }


  private protocolError(message: string): AgentError {
    return new AgentError('protocol', `${this.server.name}: ${message}`, { action: { kind: 'retry' } });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AgentError('protocol', 'the server did not answer with JSON', { action: { kind: 'retry' }, detail: text.slice(0, 300) });
  }
}
