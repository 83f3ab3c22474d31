import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { ResearchTasks } from './researchTasks';
import { answerEvents, batchBody, frame, isKnownAgent, SSE_HEADERS, type RunRequest } from './wire';
import { handleYouApi, type YouApiContext } from './youApis';

/**
 * The demo agent behind "Try the demo": a local stand-in for api.you.com's `POST /v1/agents/runs`
 * that answers with canned Markdown and web sources, as SSE or batch JSON. No key needed, so it
 * listens on 127.0.0.1 only. Built into its own bundle (dist/demo-server.js), loaded on demand.
 */

export interface DemoServerOptions {
  /** Pause between streamed deltas, so the answer visibly streams; 0 sends it at once. Default 15 ms. */
  deltaDelayMs?: number;
  /** Default 0: a free port. */
  port?: number;
  /** Pause between a background research task's progress steps. Default 1500 ms. */
  researchStepMs?: number;
}

export interface DemoServer {
  /** `http://127.0.0.1:PORT`, the base URL for the You.com client. */
  url: string;
  close(): Promise<void>;
}

export const DEMO_RUNS_PATH = '/v1/agents/runs';
export const MAX_BODY_BYTES = 1024 * 1024;
/** How long a client may keep uploading an oversized body after its 413 before the socket is cut. */
const DRAIN_GRACE_MS = 2_000;

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const delayMs = Math.max(0, options.deltaDelayMs ?? 15);
  const stepMs = Math.max(0, options.researchStepMs ?? 1_500);
  const tasks = new ResearchTasks({ stepDelayMs: stepMs, pingMs: 15_000 });
  const apis: YouApiContext = { tasks, syncDelayMs: Math.min(stepMs, 1_000), sleep: (ms) => delay(ms) };
  const server = createServer((req, res) => {
    handle(req, res, delayMs, apis).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { detail: 'Internal Server Error' });
      else res.destroy();
    });
  });
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Ends open streams too: their responses close, which stops their loops.
        tasks.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, delayMs: number, apis: YouApiContext): Promise<void> {
  const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?');
  const path = rawPath.replace(/\/+$/, '');
  if (path !== DEMO_RUNS_PATH) {
    const raw = req.method === 'POST' ? await readBody(req, MAX_BODY_BYTES) : '';
    if (raw === undefined) return refuseTooLarge(req, res);
    const request = { method: req.method ?? 'GET', path, query: new URLSearchParams(rawQuery), body: parseJsonBody(raw) };
    if (await handleYouApi(request, res, apis)) return;
    return sendJson(res, 404, { detail: 'Not Found' });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { detail: 'Method Not Allowed' }, { Allow: 'POST' });

  const raw = await readBody(req, MAX_BODY_BYTES);
  if (raw === undefined) return refuseTooLarge(req, res);
  const run = parseRun(raw);
  if (typeof run === 'string') return sendJson(res, 400, { status: 400, code: 'bad_request', title: 'Bad Request', detail: run });
  if (!isKnownAgent(run.agent)) return sendJson(res, 404, { detail: `Agent '${run.agent}' not found` });
  if (!run.stream) return sendJson(res, 200, batchBody(run));
  return streamAnswer(res, run, delayMs);
}

/** The run request, or why it is not one. */
function parseRun(raw: string): (RunRequest & { stream: boolean }) | string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return 'Body must be JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'Body must be a JSON object';
  const { agent, input, stream } = body as Record<string, unknown>;
  if (typeof agent !== 'string' || !agent) return 'agent must be a non-empty string';
  if (typeof input !== 'string') return 'input must be a string';
  if (stream !== undefined && typeof stream !== 'boolean') return 'stream must be a boolean';
  return { agent, input, stream: stream === true };
}

async function streamAnswer(res: ServerResponse, run: RunRequest, delayMs: number): Promise<void> {
  const clientGone = new AbortController();
  res.on('close', () => clientGone.abort());
  res.writeHead(200, SSE_HEADERS);
  res.flushHeaders();
  const events = answerEvents(run);
  for (let seq = 0; seq < events.length; seq++) {
    if (clientGone.signal.aborted) return;
    const event = events[seq]!;
    res.write(frame(seq, event));
    if (delayMs > 0 && event.type === 'response.output_text.delta') {
      // Rejects when the client goes away; the loop then stops at its next check.
      await delay(delayMs, undefined, { signal: clientGone.signal }).catch(() => undefined);
    }
  }
  res.end();
}

/** A JSON body, undefined when empty, or the raw text when it is not JSON (the handlers answer 422). */
function parseJsonBody(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** The body as text, or undefined once it is larger than `limit` bytes (the rest is then discarded, not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      chunks.length = 0;
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * 413, then the connection closes. The unread rest of the body is drained rather than left in the
 * socket, since closing on unread data resets the connection and the client may lose the answer.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  sendJson(res, 413, { detail: `Request body larger than ${MAX_BODY_BYTES} bytes` }, { Connection: 'close' });
  if (!req.complete) setTimeout(() => req.socket.destroy(), DRAIN_GRACE_MS).unref();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
