import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson, serverTimers } from './http';
import type { AcpMessage, AcpMessagePart, AcpRun } from '../../src/core/acp/wire';

/**
 * A local Agent Communication Protocol server (docs/protocols.md §2; the reference server's paths
 * where the spec text disagrees) with scripted agents, on 127.0.0.1. Used by the tests and by
 * `npm start`'s demo.
 */
export interface AcpServerOptions {
  port?: number;
  /** Pause between streamed parts. */
  partDelayMs?: number;
  /** false: refuse `mode: stream` the way a sync-only server would. */
  streaming?: boolean;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Serve https with this certificate, the URL naming `hostName` (a name only a test proxy resolves). */
  tls?: { hostName: string; cert: string; key: string };
}

export interface AcpTestServer {
  url: string;
  requests: { method: string; path: string; body: unknown; headers: IncomingMessage['headers'] }[];
  runs: Map<string, AcpRun>;
  /** Run ids whose cancel endpoint was called. */
  cancelled: string[];
  close(): Promise<void>;
}

type Event = Record<string, unknown> & { type: string };

interface RunState {
  run: AcpRun;
  events: Event[];
  sink?: (event: Event) => void;
  resume?: (text: string) => void;
  cancel: boolean;
  finished: Promise<void>;
  /** Settles when the run ends or starts awaiting. */
  paused: () => Promise<void>;
}

interface AgentContext {
  input: string;
  turn: number;
  part(part: AcpMessagePart): Promise<void>;
  text(text: string, type?: string): Promise<void>;
  ask(prompt: string): Promise<string>;
  cancelled(): boolean;
  pause(ms: number): Promise<void>;
}

const MANIFESTS = [
  { name: 'echo', description: 'Repeats your message and counts the turns of the session.' },
  { name: 'writer', description: 'Streams a Markdown answer with citations and research steps.' },
  { name: 'asker', description: 'Asks you a question before it answers.' },
  { name: 'failing', description: 'Always fails, to show how errors look.' },
  { name: 'slow', description: 'Writes slowly for a long time; try Stop.' },
].map((m) => ({ ...m, input_content_types: ['text/plain'], output_content_types: ['text/plain', 'text/markdown'], metadata: {} }));

const SOURCES = [
  {
    url: 'https://agentcommunicationprotocol.dev/introduction/welcome',
    title: 'Agent Communication Protocol',
    description: 'An open protocol for communication between AI agents.',
  },
  { url: 'https://github.com/i-am-bee/acp', title: 'i-am-bee/acp on GitHub', description: 'Reference implementation and SDKs.' },
];

const AGENTS: Record<string, (ctx: AgentContext) => Promise<void>> = {
  async echo(ctx) {
    await ctx.text(`Echo: ${ctx.input}\n\n(turn ${ctx.turn} of this session)`);
  },
  async writer(ctx) {
    await ctx.part({ content_type: 'text/plain', content: null, metadata: { kind: 'trajectory', message: 'Searching the web', tool_name: 'search' } });
    await ctx.part({ content_type: 'text/plain', content: null, metadata: { kind: 'trajectory', message: 'Reading 2 sources' } });
    const answer = `## ACP in one page\n\nThe **Agent Communication Protocol** is a REST protocol for talking to agents [1]. Runs stream as server-sent events, and a run can *await* input.\n\n| endpoint | what |\n|---|---|\n| \`POST /runs\` | start a run |\n| \`POST /runs/{id}\` | resume it |\n\n\`\`\`python\nfrom acp_sdk.client import Client\n\nasync with Client(base_url="http://localhost:8000") as client:\n    run = await client.run_sync(agent="echo", input=[...])\n\`\`\`\n\nYou asked: *${ctx.input}*`;
    for (const piece of answer.match(/[\s\S]{1,12}/g) ?? []) await ctx.text(piece, 'text/markdown');
    for (const source of SOURCES) await ctx.part({ content_type: 'text/plain', content: null, metadata: { kind: 'citation', ...source } });
    await ctx.part({ name: 'diagram.png', content_type: 'image/png', content_url: 'https://example.com/acp-diagram.png' });
  },
  async asker(ctx) {
    await ctx.text('To tailor the example, I need one detail.');
    const language = await ctx.ask('Which language should the example use?');
    await ctx.text(`\n\nHere is the example in **${language}**:\n\n\`\`\`${language.toLowerCase()}\nprint("hello from ACP")\n\`\`\``);
  },
  async failing(ctx) {
    await ctx.text('Starting… ');
    throw Object.assign(new Error('The agent crashed on purpose'), { code: 'server_error' });
  },
  async slow(ctx) {
    for (let i = 1; i <= 300 && !ctx.cancelled(); i++) {
      await ctx.text(`word${i} `);
      await ctx.pause(50);
    }
  },
};

export async function startAcpServer(options: AcpServerOptions = {}): Promise<AcpTestServer> {
  const delay = options.partDelayMs ?? 0;
  const states = new Map<string, RunState>();
  const sessions = new Map<string, { turns: number; history: string[] }>();
  const requests: AcpTestServer['requests'] = [];
  const cancelled: string[] = [];
  const timers = serverTimers();
  const sleep = timers.sleep;
  let url = '';

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: 'server_error', message: String(err) });
      else res.end();
    });
  };
  const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(onRequest);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return sendJson(res, 422, { code: 'invalid_input', message: 'Body is not JSON' });
    }
    requests.push({ method: req.method ?? '', path, body, headers: req.headers });
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`)
      return sendJson(res, 401, { code: 'unauthorized', message: 'Missing or invalid token' });

    const m = req.method;
    let match: RegExpExecArray | null;
    if (m === 'GET' && path === '/ping') return sendJson(res, 200, {});
    if (m === 'GET' && path === '/agents') return sendJson(res, 200, { agents: MANIFESTS });
    if (m === 'GET' && (match = /^\/agents\/([^/]+)$/.exec(path))) {
      const manifest = MANIFESTS.find((a) => a.name === decodeURIComponent(match![1]!));
      return manifest ? sendJson(res, 200, manifest) : sendJson(res, 404, { code: 'not_found', message: `Agent ${match[1]} not found` });
    }
    if (m === 'GET' && (match = /^\/sessions?\/([^/]+)$/.exec(path))) {
      const session = sessions.get(match[1]!);
      return session
        ? sendJson(res, 200, { id: match[1], history: session.history, state: null })
        : sendJson(res, 404, { code: 'not_found', message: 'Session not found' });
    }
    if (m === 'POST' && path === '/runs') return createRun(body, res);
    if ((match = /^\/runs\/([^/]+)(\/cancel|\/events)?$/.exec(path))) {
      const state = states.get(match[1]!);
      if (!state) return sendJson(res, 404, { code: 'not_found', message: `Run ${match[1]} not found` });
      if (m === 'GET' && !match[2]) return sendJson(res, 200, state.run, { 'Run-ID': state.run.run_id });
      if (m === 'GET' && match[2] === '/events') return sendJson(res, 200, { events: state.events });
      if (m === 'POST' && match[2] === '/cancel') return cancelRun(state, res);
      if (m === 'POST' && !match[2]) return resumeRun(state, body, res);
    }
    return sendJson(res, 404, { code: 'not_found', message: `No route for ${m} ${path}` });
  }

  async function createRun(body: unknown, res: ServerResponse): Promise<void> {
    const request = (body ?? {}) as { agent_name?: unknown; input?: unknown; mode?: unknown; session_id?: unknown };
    const mode = request.mode ?? 'sync';
    if (typeof request.agent_name !== 'string' || !Array.isArray(request.input) || !['sync', 'async', 'stream'].includes(String(mode))) {
      return sendJson(res, 422, { code: 'invalid_input', message: 'agent_name, input and a valid mode are required' });
    }
    if (mode === 'stream' && options.streaming === false)
      return sendJson(res, 422, { code: 'invalid_input', message: 'mode stream is not supported by this server' });
    const agent = AGENTS[request.agent_name];
    if (!agent) return sendJson(res, 404, { code: 'not_found', message: `Agent ${request.agent_name} not found` });
    const sessionId = typeof request.session_id === 'string' ? request.session_id : randomUUID();
    const session = sessions.get(sessionId) ?? { turns: 0, history: [] };
    sessions.set(sessionId, session);
    session.turns++;
    const input = (request.input as AcpMessage[])
      .flatMap((msg) => msg.parts ?? [])
      .map((p) => p.content ?? '')
      .join('');
    const run: AcpRun = {
      run_id: randomUUID(),
      agent_name: request.agent_name,
      session_id: sessionId,
      status: 'created',
      output: [],
      created_at: new Date().toISOString(),
    };
    session.history.push(`${url}/runs/${run.run_id}`);
    const state = startRun(run, agent, input, session.turns);
    return deliver(state, String(mode), res, 0);
  }

  function startRun(run: AcpRun, agent: (ctx: AgentContext) => Promise<void>, input: string, turn: number): RunState {
    let pause: () => void = () => undefined;
    let pausedPromise = new Promise<void>((r) => (pause = r));
    const message: AcpMessage = { role: `agent/${run.agent_name}`, parts: [], created_at: new Date().toISOString(), completed_at: null };
    const state: RunState = { run, events: [], cancel: false, finished: Promise.resolve(), paused: () => pausedPromise };
    const emit = (event: Event) => {
      state.events.push(event);
      state.sink?.(event);
    };
    const snapshot = () => JSON.parse(JSON.stringify(run)) as AcpRun;
    const ctx: AgentContext = {
      input,
      turn,
      cancelled: () => state.cancel,
      pause: sleep,
      async part(part) {
        if (state.cancel) return;
        if (delay > 0) await sleep(delay);
        message.parts.push(part);
        emit({ type: 'message.part', part });
      },
      async text(text, type = 'text/plain') {
        await ctx.part({ content_type: type, content: text });
      },
      ask(prompt) {
        return new Promise<string>((resolve) => {
          run.status = 'awaiting';
          run.await_request = { type: 'message', message: { role: `agent/${run.agent_name}`, parts: [{ content_type: 'text/plain', content: prompt }] } };
          state.resume = (text) => {
            state.resume = undefined;
            run.status = 'in-progress';
            run.await_request = null;
            pausedPromise = new Promise<void>((r) => (pause = r));
            emit({ type: 'run.in-progress', run: snapshot() });
            resolve(text);
          };
          emit({ type: 'run.awaiting', run: snapshot() });
          pause();
        });
      },
    };
    const finish = (status: AcpRun['status'], error?: { code: string; message: string }) => {
      message.completed_at = new Date().toISOString();
      run.output = message.parts.length > 0 ? [message] : [];
      run.status = status;
      run.finished_at = new Date().toISOString();
      if (error) run.error = error;
      if (status === 'completed') emit({ type: 'message.completed', message });
      emit({ type: `run.${status}`, run: snapshot() });
      pause();
    };
    state.finished = (async () => {
      await Promise.resolve();
      emit({ type: 'run.created', run: snapshot() });
      run.status = 'in-progress';
      emit({ type: 'run.in-progress', run: snapshot() });
      emit({ type: 'message.created', message: { ...message, parts: [] } });
      try {
        await agent(ctx);
        finish(state.cancel ? 'cancelled' : 'completed');
      } catch (err) {
        const { code, message: text } = err as { code?: string; message?: string };
        finish('failed', { code: code ?? 'server_error', message: text ?? String(err) });
      }
    })();
    states.set(run.run_id, state);
    return state;
  }

  /** Answers a create or resume request in its mode; a stream starts with the run's event number `start`. */
  async function deliver(state: RunState, mode: string, res: ServerResponse, start: number): Promise<void> {
    if (mode === 'async') return sendJson(res, 202, state.run, { 'Run-ID': state.run.run_id });
    if (mode === 'sync') {
      await state.paused();
      return sendJson(res, 200, state.run, { 'Run-ID': state.run.run_id });
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'Run-ID': state.run.run_id });
    res.flushHeaders();
    const write = (event: Event) => {
      if (!res.writableEnded) res.write(`data: ${JSON.stringify(event)}\n\n`);
      if (['run.completed', 'run.failed', 'run.cancelled', 'run.awaiting'].includes(event.type)) res.end();
    };
    state.sink = write;
    res.on('close', () => {
      if (state.sink === write) state.sink = undefined;
    });
    for (const event of state.events.slice(start)) write(event);
  }

  function cancelRun(state: RunState, res: ServerResponse): void {
    cancelled.push(state.run.run_id);
    if (['completed', 'failed', 'cancelled'].includes(state.run.status))
      return sendJson(res, 403, { code: 'invalid_input', message: `Run is already ${state.run.status}` });
    state.cancel = true;
    state.run.status = 'cancelling';
    sendJson(res, 202, state.run, { 'Run-ID': state.run.run_id });
  }

  function resumeRun(state: RunState, body: unknown, res: ServerResponse): Promise<void> | void {
    const request = (body ?? {}) as { await_resume?: { message?: AcpMessage }; mode?: string };
    if (state.run.status !== 'awaiting' || !state.resume) return sendJson(res, 403, { code: 'invalid_input', message: 'Run is not awaiting input' });
    const text = (request.await_resume?.message?.parts ?? []).map((p) => p.content ?? '').join('');
    const mode = request.mode ?? 'sync';
    const start = state.events.length;
    state.resume(text);
    return deliver(state, mode, res, start);
  }

  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  url = options.tls ? `https://${options.tls.hostName}:${port}` : `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    runs: new Map([...states].map(([id, s]) => [id, s.run])),
    get cancelled() {
      return cancelled;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const state of states.values()) state.cancel = true;
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } as AcpTestServer;
}
