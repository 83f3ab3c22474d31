import { createParser } from 'eventsource-parser';
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

async function median(fn: () => Promise<number>, expected: number, rounds = 25): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const n = await fn();
    times.push(performance.now() - start);
    if (n !== expected) throw new Error(`decoded ${n} events, expected ${expected}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function sseFigures(): Promise<Record<string, number>> {
  const count = 5000;
  const bytes = benchStream(count);
  const chunks = pieces(bytes);
  const mb = bytes.length / 1e6;
  const projectMs = await median(() => projectDecode(chunks), count);
  const bareMs = await median(() => bareDecode(chunks), count);
  const sse = count / (projectMs / 1000);
  const bare = count / (bareMs / 1000);
  return {
    sse_events_per_s: Math.round(sse),
    sse_mb_per_s: round(mb / (projectMs / 1000)),
    bare_events_per_s: Math.round(bare),
    bare_mb_per_s: round(mb / (bareMs / 1000)),
    sse_ratio: round(sse / bare, 3),
    sse_stream_kb: Math.round(bytes.length / 1024),
  };
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
