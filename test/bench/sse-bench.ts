import { createParser } from 'eventsource-parser';
import { A2aClient } from '../../src/core/a2a/client';
import type { A2aAgentCard } from '../../src/core/a2a/card';
import { performance } from 'node:perf_hooks';
import { decodeSse } from '../../src/core/sse';
import { YouEventMapper } from '../../src/core/you/events';
import type { RunEvent } from '../../src/core/events';
import { frame, splitDeltas } from '../servers/you-server';
import { advancedAnswer } from '../../src/demo/answers';

/** One You.com stream of exactly `count` SSE events: created, starting, deltas..., done. */
export function benchStream(count = 5000): Uint8Array {
  const words = splitDeltas(advancedAnswer('benchmark'));
  let text = frame(0, { type: 'response.created' }) + frame(1, { type: 'response.starting' });
  for (let i = 2; i < count - 1; i++) {
    text += frame(i, { type: 'response.output_text.delta', response: { output_index: 0, type: 'message.answer', delta: words[i % words.length]! } });
  }
  text += frame(count - 1, { type: 'response.done', response: { run_time_ms: '1.0', finished: true } });
  return new TextEncoder().encode(text);
}

/** Fixed 1 KB pieces: cuts land inside events and inside UTF-8 characters, as on a real network. */
export function pieces(bytes: Uint8Array, size = 1024): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** One A2A JSON-RPC stream of exactly `count` SSE events: a task, a working status, artifact chunks, completed. */
export function a2aBenchStream(count = 5000): Uint8Array {
  const words = splitDeltas(advancedAnswer('benchmark'));
  const event = (result: object) => `data: ${JSON.stringify({ jsonrpc: '2.0', id: 1, result })}\n\n`;
  const ids = { taskId: '0f9a4c1e-8d1b-4c55-9a57-5b0e3c2d1a77', contextId: '7c3e2b1a-4d5f-4e6a-8b9c-0d1e2f3a4b5c' };
  let text = event({ task: { id: ids.taskId, contextId: ids.contextId, status: { state: 'TASK_STATE_SUBMITTED' } } });
  text += event({ statusUpdate: { ...ids, status: { state: 'TASK_STATE_WORKING' } } });
  for (let i = 2; i < count - 1; i++) {
    const artifact = { artifactId: 'answer', parts: [{ text: words[i % words.length]! }] };
    text += event({ artifactUpdate: { ...ids, artifact, append: i > 2, lastChunk: i === count - 2 } });
  }
  text += event({ statusUpdate: { ...ids, status: { state: 'TASK_STATE_COMPLETED' } } });
  return new TextEncoder().encode(text);
}

const A2A_CARD: A2aAgentCard = {
  name: 'bench',
  skills: [],
  streaming: true,
  endpoint: { url: 'http://127.0.0.1:9/a2a', binding: 'JSONRPC', version: '1.0' },
};

/**
 * The whole A2A client path on one stream: openHttp (over a fetch that returns the bytes in
 * `chunks`), the SSE decoder, JSON, the event mapper. Counts the SSE events it consumed: every
 * chunk is one text event, plus the task, the working status and the end.
 */
async function a2aDecode(chunks: Uint8Array[]): Promise<number> {
  const fetchStub = async (): Promise<Response> => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => (i < chunks.length ? controller.enqueue(chunks[i++]!) : controller.close()),
    });
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  };
  const client = new A2aClient({ name: 'bench', url: 'http://127.0.0.1:9/a2a' }, A2A_CARD, { net: { fetch: fetchStub as typeof fetch } });
  let texts = 0;
  let ended = false;
  for await (const event of client.run('bench')) {
    if (event.type === 'text') texts++;
    else if (event.type === 'done') ended = true;
  }
  return ended ? texts + 3 : texts;
}

async function* iterate(items: Uint8Array[]) {
  for (const item of items) yield item;
}

async function projectDecode(chunks: Uint8Array[]): Promise<number> {
  const mapper = new YouEventMapper();
  const out: RunEvent[] = [];
  let count = 0;
  for await (const batch of decodeSse(iterate(chunks))) {
    for (const message of batch) mapper.map(message, out);
    count += batch.length;
    out.length = 0;
  }
  return count;
}

async function bareDecode(chunks: Uint8Array[]): Promise<number> {
  let count = 0;
  const decoder = new TextDecoder();
  const parser = createParser({ onEvent: () => void count++ });
  for await (const chunk of iterate(chunks)) parser.feed(decoder.decode(chunk, { stream: true }));
  return count;
}

/** Kept so the parsed values are observably used. */
let sink: unknown;

/** The fair floor: the same bare parser, plus JSON.parse of every event's data, nothing else. */
async function bareJsonDecode(chunks: Uint8Array[]): Promise<number> {
  let count = 0;
  const decoder = new TextDecoder();
  const parser = createParser({
    onEvent: (message) => {
      sink = JSON.parse(message.data);
      count++;
    },
  });
  for await (const chunk of iterate(chunks)) parser.feed(decoder.decode(chunk, { stream: true }));
  return count;
}

type Decode = (chunks: Uint8Array[]) => Promise<number>;

/**
 * Median milliseconds of each decoder on the same chunks. Every decoder is warmed up first
 * (optimised before timing), then the timed rounds interleave them, so drift in machine load
 * falls on all of them alike rather than on whichever happened to run last.
 */
async function medians(decoders: Decode[], chunks: Uint8Array[], expected: number, warmup = 30, rounds = 41): Promise<number[]> {
  const run = async (decode: Decode) => {
    const start = performance.now();
    const n = await decode(chunks);
    const ms = performance.now() - start;
    if (n !== expected) throw new Error(`decoded ${n} events, expected ${expected}`);
    return ms;
  };
  for (const decode of decoders) for (let i = 0; i < warmup; i++) await run(decode);
  const times = decoders.map((): number[] => []);
  for (let i = 0; i < rounds; i++) {
    // Rotate the order too: no decoder always runs right after the same other one.
    for (let j = 0; j < decoders.length; j++) {
      const k = (i + j) % decoders.length;
      times[k]!.push(await run(decoders[k]!));
    }
  }
  return times.map((list) => {
    list.sort((a, b) => a - b);
    return list[Math.floor(list.length / 2)]!;
  });
}

export async function sseFigures(): Promise<Record<string, number>> {
  const count = 5000;
  const bytes = benchStream(count);
  const chunks = pieces(bytes);
  const mb = bytes.length / 1e6;
  const [projectMs, bareMs, bareJsonMs] = (await medians([projectDecode, bareDecode, bareJsonDecode], chunks, count)) as [number, number, number];
  if (sink === undefined) throw new Error('JSON.parse never ran');
  const sse = count / (projectMs / 1000);
  const bare = count / (bareMs / 1000);
  const bareJson = count / (bareJsonMs / 1000);
  // The A2A client end to end on its own stream, against the same bare parse + JSON floor of that stream.
  const a2aChunks = pieces(a2aBenchStream(count));
  const [a2aMs, a2aFloorMs] = (await medians([a2aDecode, bareJsonDecode], a2aChunks, count)) as [number, number];
  const a2a = count / (a2aMs / 1000);
  return {
    a2a_stream_events_per_s: Math.round(a2a),
    a2a_ratio_json: round(a2a / (count / (a2aFloorMs / 1000)), 3),
    sse_events_per_s: Math.round(sse),
    sse_mb_per_s: round(mb / (projectMs / 1000)),
    bare_events_per_s: Math.round(bare),
    bare_mb_per_s: round(mb / (bareMs / 1000)),
    sse_ratio: round(sse / bare, 3),
    bare_json_events_per_s: Math.round(bareJson),
    sse_ratio_json: round(sse / bareJson, 3),
    sse_stream_kb: Math.round(bytes.length / 1024),
  };
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
