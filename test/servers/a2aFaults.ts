import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from './http';

/**
 * An A2A server that misbehaves in the ways the SDK's own server never does, on 127.0.0.1. Each
 * fault is an agent at `{url}/{fault}` with a card whose JSON-RPC interface is `{url}/{fault}/rpc`:
 * - `cut`: a task, two artifact chunks, then the connection dies in the middle of the third event;
 * - `endless`: a task, a chunk, then one `data:` line that never ends (bounded at `endlessBytes`);
 * - `unknown`: events of kinds no spec defines (and an `event:` name), between good ones, then completion;
 * - `notjson`: 200 application/json whose body is an HTML page;
 * - `bigcard`: a card of 1 MB;
 * - `echotoken`: a JSON-RPC error whose message repeats the request's Authorization header.
 */
export type A2aFault = 'cut' | 'endless' | 'unknown' | 'notjson' | 'bigcard' | 'echotoken';

export interface A2aFaultServer {
  url: string;
  agent(fault: A2aFault): string;
  close(): Promise<void>;
}

const TASK = 'task-1';
const CONTEXT = 'context-1';

function rpcEvent(result: object): string {
  return `data: ${JSON.stringify({ jsonrpc: '2.0', id: 1, result })}\n\n`;
}

function chunk(text: string, append: boolean): string {
  return rpcEvent({ artifactUpdate: { taskId: TASK, contextId: CONTEXT, artifact: { artifactId: 'a1', parts: [{ text }] }, append } });
}

const TASK_EVENT = rpcEvent({ task: { id: TASK, contextId: CONTEXT, status: { state: 'TASK_STATE_WORKING' } } });

function card(base: string, padding = ''): object {
  return {
    name: 'faulty',
    description: 'misbehaves on purpose',
    version: '1.0.0',
    supportedInterfaces: [{ url: `${base}/rpc`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    capabilities: { streaming: true },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [],
    ...(padding ? { padding } : {}),
  };
}

export async function startA2aFaultServer(options: { endlessBytes?: number } = {}): Promise<A2aFaultServer> {
  const endlessBytes = options.endlessBytes ?? 4 * 1024 * 1024;
  let origin = '';
  const server = createServer((req, res) => {
    const [, fault, rest] = /^\/([a-z]+)(\/.*)?$/.exec(req.url ?? '') ?? [];
    const base = `${origin}/${fault}`;
    if (rest === '/.well-known/agent-card.json') {
      sendJson(res, 200, card(base, fault === 'bigcard' ? 'x'.repeat(1024 * 1024) : ''));
      return;
    }
    if (rest !== '/rpc' || req.method !== 'POST') {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    req.resume();
    if (fault === 'echotoken') {
      sendJson(res, 200, { jsonrpc: '2.0', id: 1, error: { code: -32600, message: `refused ${req.headers.authorization ?? ''}` } });
      return;
    }
    req.on('end', () => respond(fault as A2aFault, res, endlessBytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    agent: (fault) => `${origin}/${fault}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(fault: A2aFault, res: ServerResponse, endlessBytes: number): void {
  if (fault === 'notjson') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('<html><head><title>Gateway says hello</title></head><body>not JSON</body></html>');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream' });
  res.write(TASK_EVENT);
  switch (fault) {
    case 'cut': {
      res.write(chunk('First part, ', false));
      res.write(chunk('second part, ', true));
      const third = chunk('third part never arrives', true);
      res.write(third.slice(0, third.length / 2));
      // Let the half event reach the client, then drop the connection without an end.
      setTimeout(() => res.destroy(), 20);
      return;
    }
    case 'endless': {
      res.write(chunk('Before the flood. ', false));
      res.write('data: ');
      const block = 'a'.repeat(64 * 1024);
      let sent = 0;
      // Bounded: at most endlessBytes, written as the client reads (backpressure), never a newline.
      const pump = () => {
        while (sent < endlessBytes) {
          sent += block.length;
          if (!res.write(block)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    case 'unknown':
      res.write(chunk('Known text. ', false));
      res.write(rpcEvent({ somethingNew: { taskId: TASK, detail: 'from a future version' } }));
      res.write(`event: mystery\n${rpcEvent({ alsoNew: true })}`);
      res.write('data: this line is not JSON\n\n');
      res.write(chunk('More text.', true));
      res.write(rpcEvent({ statusUpdate: { taskId: TASK, contextId: CONTEXT, status: { state: 'TASK_STATE_COMPLETED' } } }));
      res.end();
      return;
    default:
      res.end();
  }
}
