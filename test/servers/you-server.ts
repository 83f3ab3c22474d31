import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson, serverTimers } from './http';
import { demoAnswer } from '../../src/demo/answers';
import {
  batchBody,
  closingEvents,
  deltaEvent,
  frame,
  hasSources,
  isKnownAgent,
  openingEvents,
  sourceEvents,
  splitDeltas,
  SSE_HEADERS,
  type WireEvent,
} from '../../src/demo/wire';
import { CODE_TS_PYTHON_ANSWER, HOSTILE_ANSWER, UTF8_ANSWER } from './scenario-answers';
import { ResearchTasks } from '../../src/demo/researchTasks';
import { handleYouApi, type YouApiContext } from '../../src/demo/youApis';
import { httpFault, researchScenario, taskFaults } from './research-faults';

export { frame, splitDeltas };

/**
 * A local stand-in for api.you.com's `POST /v1/agents/runs` (docs/protocols.md §1):
 * batch and SSE answers, the bearer check, every documented error body, and scripted
 * misbehaviour chosen per request by an `x-scenario` header or `[scenario:NAME]` in the input
 * (or, for requests that name none, by `setScenario`, so a question shows no marker).
 * Listens on 127.0.0.1 only. Its well-behaved answers are the demo agent's (src/demo), so tests
 * and the product demo stream the same events.
 */

export interface YouServerOptions {
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; when not, any key or none passes (demo). */
  apiKey?: string;
  /** Pause between deltas; 0 in tests, ~15 ms for a demo that looks like streaming. */
  deltaDelayMs?: number;
  /** Pause between a background research task's steps (default 20 ms) and between stream pings (default 15 s). */
  researchStepMs?: number;
  researchPingMs?: number;
  log?: (line: string) => void;
  /**
   * Serve https with this certificate, and give the URL as `https://<hostName>:<port>`: a name
   * only a test proxy resolves (still listening on 127.0.0.1 only).
   */
  tls?: { hostName: string; cert: string; key: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string without `?` ('' when none). */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface YouTestServer {
  url: string;
  requests: RecordedRequest[];
  /** Inputs of streams the client closed before the server finished them (Stop, cancel). */
  closedByClient: string[];
  /** scenario stamped: when each delta's token (T0000, T0001, ...) was written, in Date.now() ms. */
  deltaStamps: Map<string, number>;
  /** Changes the accepted key (a revoked key, in tests). */
  setApiKey(key: string | undefined): void;
  /** The scenario for requests that name none (undefined: the demo answers). */
  setScenario(scenario: Scenario | undefined): void;
  /** Research tasks (background) kept by the stand-in: their state, events and faults. */
  research: ResearchTasks;
  /** Holds every research task at `running` (a reload mid-run); false lets them finish. */
  holdResearch(on: boolean): void;
  close(): Promise<void>;
}

export const SCENARIOS = [
  'split-utf8',
  'crlf',
  'keepalive',
  'unknown-events',
  'multiline-data',
  'close-mid',
  'drop-mid',
  'stall',
  'slow-headers',
  'rate-limit',
  'rate-limit-once',
  'flaky',
  'html-error',
  'huge-html-error',
  'big-delta',
  'json-instead-of-sse',
  'batch-legacy',
  'stream-failed',
  'hostile',
  'code-ts-python',
  'stamped',
  'echo-key',
  'error-400',
  'error-401',
  'error-402',
  'error-403',
  'error-404',
  'error-422',
  'error-jsonapi',
  'error-500',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

interface RunBody {
  agent: string;
  input: string;
  stream: boolean;
  tools?: unknown;
}

const STALL_LIMIT_MS = 30_000;
/** scenario stamped: 400 deltas, one every 25 ms (a fast model), each carrying a unique token. */
const STAMP_COUNT = 400;
const STAMP_INTERVAL_MS = 25;
const BIG_DELTA_BYTES = 1024 * 1024;

export async function startYouServer(options: YouServerOptions = {}): Promise<YouTestServer> {
  const requests: RecordedRequest[] = [];
  const closedByClient: string[] = [];
  const deltaStamps = new Map<string, number>();
  let acceptedKey = options.apiKey;
  let defaultScenario: Scenario | undefined;
  const attemptsByInput = new Map<string, number>();
  const timers = serverTimers();
  const sleep = timers.sleep;
  const delayMs = options.deltaDelayMs ?? 0;
  const research = new ResearchTasks({ stepDelayMs: options.researchStepMs ?? 20, pingMs: options.researchPingMs ?? 15_000 });
  const apis: YouApiContext = {
    tasks: research,
    faultsFor: (input) => taskFaults(researchScenario(input.input, undefined)),
    sleep,
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      options.log?.(`you-server: ${String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { detail: 'test server failure' });
      else res.destroy();
    });
  };
  const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(onRequest);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    requests.push({ method: req.method ?? '', path, query, headers: req.headers, body });
    options.log?.(`${req.method} ${path}`);
    if (isYouApiPath(path)) return youApi(req, res, path, query, body);

    if (req.method !== 'POST' || path.replace(/\/+$/, '') !== '/v1/agents/runs') {
      return sendJson(res, 404, { detail: 'Not Found' });
    }
    if (acceptedKey !== undefined && req.headers.authorization !== `Bearer ${acceptedKey}`) {
      return sendJson(res, 401, { detail: 'Invalid or missing API key' });
    }
    if (typeof body !== 'object' || body === null) {
      return sendJson(res, 400, { status: 400, code: 'bad_request', title: 'Bad Request', detail: 'Body must be a JSON object' });
    }
    const run = body as Partial<RunBody>;
    if (typeof run.input !== 'string' || typeof run.agent !== 'string') {
      return sendJson(res, 422, {
        detail: [{ type: 'missing', loc: ['body', typeof run.input !== 'string' ? 'input' : 'agent'], msg: 'Field required', input: null }],
      });
    }
    if (run.tools !== undefined && !Array.isArray(run.tools)) {
      return sendJson(res, 400, { status: 400, code: 'bad_request', title: 'Bad Request', detail: 'tools must be an array of objects' });
    }
    if (!isKnownAgent(run.agent)) {
      return sendJson(res, 404, { detail: `Agent '${run.agent}' not found` });
    }
    const header = req.headers['x-scenario'];
    const scenario = ((typeof header === 'string' ? header : /\[scenario:([a-z0-9-]+)\]/.exec(run.input)?.[1]) ?? defaultScenario) as Scenario | undefined;
    const attempt = (attemptsByInput.get(run.input) ?? 0) + 1;
    attemptsByInput.set(run.input, attempt);
    const authKey = String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    await respond(res, run as RunBody, scenario, attempt, authKey);
  }

  /** Research, Answer, Search, Contents: X-API-Key, then any fault the scenario asks for, then the stand-in. */
  async function youApi(req: IncomingMessage, res: ServerResponse, path: string, query: string, body: unknown): Promise<void> {
    if (acceptedKey !== undefined && req.headers['x-api-key'] !== acceptedKey) {
      return sendJson(res, 401, { detail: req.headers['x-api-key'] ? 'Invalid or expired API key' : 'API key is required' });
    }
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const taskId = /^\/v1\/research\/([^/]+)/.exec(path)?.[1];
    const asked = record.input ?? record.query ?? new URLSearchParams(query).get('query') ?? '';
    const text = taskId ? (research.tasks.get(taskId)?.request.input ?? '') : String(asked);
    const scenario = researchScenario(text, req.headers['x-scenario']);
    if (taskId) {
      if (scenario === 'r-stream-500' && path.endsWith('/stream')) return sendJson(res, 500, { detail: 'Internal Server Error' });
    } else {
      const attemptKey = `${path} ${text}`;
      const attempt = (attemptsByInput.get(attemptKey) ?? 0) + 1;
      attemptsByInput.set(attemptKey, attempt);
      if (httpFault(scenario, res, attempt, productOf(path), String(req.headers['x-api-key'] ?? ''))) return;
    }
    const request = { method: req.method ?? 'GET', path, query: new URLSearchParams(query), body };
    if (!(await handleYouApi(request, res, apis))) sendJson(res, 404, { detail: 'Not Found' });
  }

  async function respond(res: ServerResponse, run: RunBody, scenario: Scenario | undefined, attempt: number, authKey: string) {
    switch (scenario) {
      case 'error-400':
        return sendJson(res, 400, {
          status: 400,
          code: 'bad_request',
          title: 'Bad Request',
          detail: 'Invalid request body (tools must be an array of objects)',
        });
      case 'error-401':
        return sendJson(res, 401, { status: 401, code: 'unauthorized', title: 'Unauthorized', detail: 'Missing or invalid Authorization header' });
      case 'error-402':
        return sendJson(res, 402, {
          error: 'insufficient_credits',
          message: 'You have used all credits for this period',
          upgrade_url: 'https://you.com/platform/upgrade',
          limit: 1000,
          used: 1000,
          period: 'month',
          reset_at: '2026-12-01T00:00:00Z',
        });
      case 'error-403':
        return sendJson(res, 403, {
          status: 403,
          code: 'forbidden',
          title: 'Forbidden',
          detail: 'You are not allowed to run this agent or the requested tool',
        });
      case 'error-404':
        return sendJson(res, 404, { detail: `Agent '${run.agent}' not found` });
      case 'error-422':
        return sendJson(res, 422, {
          detail: [{ type: 'int_parsing', loc: ['body', 'workflow_config', 'max_workflow_steps'], msg: 'Input should be a valid integer', input: 'ten' }],
        });
      case 'error-jsonapi':
        return sendJson(res, 400, {
          errors: [{ status: '400', code: 'invalid_tool', title: 'Invalid tool', detail: 'compute is not available for this agent' }],
        });
      case 'error-500':
        return sendJson(res, 500, { detail: 'Internal Server Error' });
      case 'echo-key':
        // A hostile or careless server that repeats the key back.
        return sendJson(res, 401, { detail: `Key ${authKey} is not valid (Bearer ${authKey})` });
      case 'html-error':
        res.writeHead(502, { 'Content-Type': 'text/html' });
        return res.end('<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>');
      case 'huge-html-error':
        // A proxy's error page of 1 MiB of '<' with no title: what a backtracking summariser chokes on.
        res.writeHead(502, { 'Content-Type': 'text/html' });
        return res.end(`<!DOCTYPE html>${'<'.repeat(1024 * 1024)}`);
      case 'rate-limit':
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
        return res.end(JSON.stringify({ detail: 'Rate limit exceeded' }));
      case 'rate-limit-once':
        if (attempt === 1) {
          res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1' });
          return res.end(JSON.stringify({ detail: 'Rate limit exceeded' }));
        }
        break;
      case 'flaky':
        if (attempt <= 2) return sendJson(res, 503, { detail: 'Service Unavailable' });
        break;
      case 'slow-headers':
        await sleep(2_000);
        break;
      case 'batch-legacy':
        return sendJson(res, 200, {
          output: [{ type: 'web_search.results, chat_node.answer', text: 'The capital of France is Paris.', content: run.input, agent: run.agent }],
        });
      case 'json-instead-of-sse':
        return sendJson(res, 200, batchBody(run, answerFor(run)));
      default:
        break;
    }
    if (!run.stream) return sendJson(res, 200, batchBody(run, answerFor(run)));
    return streamAnswer(res, run, scenario);
  }

  async function streamAnswer(res: ServerResponse, run: RunBody, scenario: Scenario | undefined) {
    const events = planEvents(run, scenario);
    const eol = scenario === 'crlf' ? '\r\n' : '\n';
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    res.on('close', () => {
      if (!res.writableFinished) closedByClient.push(run.input);
    });
    const cutAt = Math.floor(events.length / 2);

    if (scenario === 'split-utf8') {
      // Write the whole stream in 1-5 byte pieces: boundaries land inside characters and lines.
      const bytes = Buffer.from(events.map((e, i) => frame(i, e, eol)).join(''), 'utf8');
      let offset = 0;
      let n = 0;
      while (offset < bytes.length) {
        const size = 1 + (n++ % 5);
        res.write(bytes.subarray(offset, offset + size));
        offset += size;
        if (n % 64 === 0) await sleep(0);
      }
      return res.end();
    }

    for (let i = 0; i < events.length; i++) {
      if (res.destroyed) return;
      if (i === cutAt) {
        if (scenario === 'close-mid') return res.end();
        if (scenario === 'drop-mid') {
          // Let the client read what was sent, then cut the socket without ending the chunked body.
          await sleep(100);
          return res.socket?.destroy();
        }
        if (scenario === 'stall') {
          await sleep(STALL_LIMIT_MS);
          return res.end();
        }
      }
      const event = events[i]!;
      if (scenario === 'keepalive') res.write(`: ping${eol}${i === 0 ? `retry: 3000${eol}` : ''}${eol}`);
      if (scenario === 'stamped' && event.type === 'response.output_text.delta') {
        const token = /T\d{4}/.exec(String(event.response?.delta))?.[0];
        if (token) deltaStamps.set(token, Date.now());
      }
      if (scenario === 'multiline-data') res.write(multilineFrame(i, event));
      else res.write(frame(i, event, eol));
      if (event.type === 'response.output_text.delta' && (delayMs > 0 || scenario === 'stamped'))
        await sleep(scenario === 'stamped' ? STAMP_INTERVAL_MS : delayMs);
    }
    res.end();
  }

  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: options.tls ? `https://${options.tls.hostName}:${port}` : `http://127.0.0.1:${port}`,
    requests,
    closedByClient,
    deltaStamps,
    setApiKey: (key) => {
      acceptedKey = key;
    },
    setScenario: (scenario) => {
      defaultScenario = scenario;
    },
    research,
    holdResearch: (on) => research.hold(on),
    close: () =>
      new Promise<void>((resolve) => {
        timers.clear();
        research.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function isYouApiPath(path: string): boolean {
  return path === '/v1/answer' || path === '/v1/search' || path === '/v1/contents' || path === '/v1/research' || path.startsWith('/v1/research/');
}

function productOf(path: string): string {
  if (path.startsWith('/v1/research')) return 'Research';
  if (path === '/v1/answer') return 'Answer';
  return path === '/v1/search' ? 'Search' : 'Contents';
}

/** The wire events of one streamed answer, before any scenario's misbehaviour. */
export function planEvents(run: Pick<RunBody, 'agent' | 'input'>, scenario?: Scenario): WireEvent[] {
  const events = openingEvents(run);
  if (scenario === 'unknown-events') {
    events.push({ type: 'response.telemetry', response: { tokens: 12, model: 'demo' } });
    events.push({ type: 'response.output_item.added', response: { output_index: 0, extra_field: { nested: true } } });
  }
  const sources = hasSources(run);
  if (sources) events.push(...sourceEvents(0));
  const index = sources ? 1 : 0;
  events.push({ type: 'response.output_item.added', response: { output_index: index } });
  if (scenario === 'hostile') {
    events.push({
      type: 'response.output_content.full',
      response: {
        output_index: 0,
        type: 'web_search.results',
        full: [
          { url: 'javascript:window.__pwned=1', title: 'evil js source', snippet: '<img src=x onerror=window.__pwned=1>' },
          { url: 'https://example.com/safe', title: '<b onmouseover=window.__pwned=1>safe</b>', snippet: 'fine' },
        ],
      },
    });
  }
  const answer = answerFor(run, scenario);
  const deltas = scenario === 'big-delta' ? [answer] : scenario === 'stamped' ? stampedDeltas() : splitDeltas(answer);
  for (const delta of deltas) {
    events.push(deltaEvent(index, delta));
    if (scenario === 'unknown-events' && delta.includes('\n')) {
      events.push({ type: 'response.mystery', response: { something: 'new' } });
    }
  }
  if (scenario === 'stream-failed') {
    events.push({ type: 'response.failed', response: { message: 'The agent ran out of workflow steps' } });
    return events;
  }
  events.push(...closingEvents(index));
  return events;
}

function answerFor(run: Pick<RunBody, 'agent' | 'input'>, scenario?: Scenario): string {
  if (scenario === 'split-utf8') return UTF8_ANSWER;
  if (scenario === 'hostile') return HOSTILE_ANSWER;
  if (scenario === 'code-ts-python') return CODE_TS_PYTHON_ANSWER;
  if (scenario === 'big-delta') return 'x'.repeat(BIG_DELTA_BYTES - 4) + ' end';
  // The marker picks a scenario; it is not part of the question the answer repeats.
  return demoAnswer(run.agent, run.input.replace(/\[scenario:[^\]]*\]/g, ''));
}

/** Deltas with unique tokens, in paragraphs and list items, so the latency probe can find each one. */
function stampedDeltas(): string[] {
  return Array.from({ length: STAMP_COUNT }, (_, i) => {
    const token = `T${String(i).padStart(4, '0')}`;
    const lead = i === 0 ? '' : i % 40 === 0 ? '\n\n' : i % 20 === 0 ? '\n\n- ' : ' ';
    return `${lead}word ${token}`;
  });
}

/** The same event with its JSON spread over several `data:` lines (joined by the client with \n). */
function multilineFrame(seq: number, event: WireEvent): string {
  const json = JSON.stringify({ seq_id: seq, type: event.type, ...(event.response ? { response: event.response } : {}) }, null, 1);
  return `id: ${seq}\nevent: ${event.type}\n${json
    .split('\n')
    .map((l) => `data: ${l}`)
    .join('\n')}\n\n`;
}
