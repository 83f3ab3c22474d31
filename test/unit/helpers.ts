import { mkdtempSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { RunEvent } from '../../src/core/events';
import { decodeSse } from '../../src/core/sse';
import { YouEventMapper } from '../../src/core/you/events';

/** A small seeded PRNG (mulberry32) so random tests replay exactly from their seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts bytes into pieces at the given offsets. */
export function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const sorted = [...new Set(offsets)].filter((o) => o > 0 && o < bytes.length).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const o of sorted) {
    pieces.push(bytes.subarray(start, o));
    start = o;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

export async function* iterate<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Decodes a You.com SSE byte stream into run events, the way the client does. */
export async function youEventsOf(pieces: readonly Uint8Array[]): Promise<RunEvent[]> {
  const mapper = new YouEventMapper();
  const out: RunEvent[] = [];
  for await (const batch of decodeSse(iterate(pieces))) for (const m of batch) mapper.map(m, out);
  return out;
}

/**
 * Loads a host module that imports `vscode`: bundled (esbuild, CommonJS) with `vscode` replaced
 * by test/tools/fakeVscode.ts, then required. The bundle goes to `outfile`, or, without one, to a
 * temporary folder removed once it is loaded (the bundle has no files of its own to require).
 */
export async function requireWithFakeVscode<T>(entry: string, outfile?: string): Promise<T> {
  if (outfile === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'fake-vscode-'));
    try {
      return await requireWithFakeVscode<T>(entry, join(dir, 'module.cjs'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const root = join(__dirname, '..', '..');
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    absWorkingDir: root,
    alias: { vscode: './test/tools/fakeVscode.ts' },
    // As esbuild.mjs builds the host: jsonc-parser's UMD build requires its parts at run time.
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return createRequire(__filename)(outfile) as T;
}

/** vscode.Memento in memory. */
export class FakeMemento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

/** A host module (and what it imports) loaded with `vscode` replaced by `fake`; `path` is relative to test/unit. */
export function requireWithVscode<T>(path: string, fake: unknown): T {
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = loader._load;
  loader._load = (request, parent, isMain) => (request === 'vscode' ? fake : original(request, parent, isMain));
  try {
    return createRequire(__filename)(path) as T;
  } finally {
    loader._load = original;
  }
}
