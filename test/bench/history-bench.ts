import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Conversation, Turn } from '../../src/core/conversation';
import { HistoryStore } from '../../src/core/history';
import { BASE_FILE } from '../../src/core/historyIndexFiles';
import { HistorySearch } from '../../src/core/historySearch';
import { advancedAnswer, customAnswer, expressAnswer } from '../../src/demo/answers';

/**
 * History at 1,000 conversations, written through the store with the search index following it
 * (as in the extension): store.list(); the first search after a start (`cold`: a new HistorySearch
 * loading the index the last session left on disk; the OS file cache is warm, as the files were
 * just written); searches after that (`warm`, the usual case while the search box is open); the
 * memory the loaded index takes once every query ran (JS heap plus buffers, after a full GC, so
 * the snippet cache is counted too); and building the index from the history alone
 * (`history_index_build_ms_1000`: the first search after upgrading, or with the index deleted).
 * 5-10 turns per conversation, answers of 2-5 KB built from the demo answers plus words drawn from
 * a small vocabulary, so queries hit a few conversations or many.
 */
const CONVERSATIONS = 1000;
const VOCABULARY = ['kubernetes', 'borrow checker', 'coroutine', 'debounce', 'postgres vacuum', 'webassembly', 'gradle cache', 'oauth pkce', 'fuzzing'];
const QUERIES = ['coroutine', 'stream', 'postgres vacuum', 'oauth pkce borrow', 'interrupted answer', 'zzznothing', 'café'];

/** Deterministic pseudo-random numbers (mulberry32), so every run writes the same history. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeConversation(n: number, rand: () => number): Conversation {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const turns: Turn[] = [];
  const count = 5 + Math.floor(rand() * 6);
  const start = 1_700_000_000_000 + n * 3_600_000;
  for (let i = 0; i < count; i++) {
    const question = `How does ${pick(VOCABULARY)} work with ${pick(VOCABULARY)} (case ${n}.${i})?`;
    const parts = [pick([advancedAnswer, expressAnswer])(question)];
    while (parts.join('').length < 2000 + rand() * 3000) parts.push(pick([expressAnswer, (q: string) => customAnswer(q, `agent-${n}`)])(question));
    parts.push(`In short, ${pick(VOCABULARY)} matters here${n % 97 === 0 ? ' — like a café order' : ''}.`);
    turns.push({
      id: `t${i}`,
      question,
      agentId: 'you:advanced',
      agentLabel: 'Advanced',
      answer: parts.join('\n\n'),
      citations: [],
      status: 'done',
      startedAt: start + i * 60_000,
      finishedAt: start + i * 60_000 + 5_000,
    });
  }
  return { id: `c${n}`, title: `${pick(VOCABULARY)} question ${n}`, createdAt: start, updatedAt: start + count * 60_000, turns };
}

async function timed(job: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await job();
  return performance.now() - start;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const r1 = (n: number) => Math.round(n * 10) / 10;

export async function historyFigures(progress: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'history-bench-'));
  try {
    const store = new HistoryStore(join(dir, 'history'));
    const indexDir = join(dir, 'history', '.search');
    const writer = new HistorySearch(store, { dir: indexDir });
    store.onDidChange((id, entry) => writer.noteChanged(id, entry));
    const rand = random(13);
    let bytes = 0;
    for (let n = 0; n < CONVERSATIONS; n++) {
      const conversation = makeConversation(n, rand);
      bytes += conversation.turns.reduce((sum, t) => sum + t.answer.length, 0);
      await store.save(conversation);
      if ((n + 1) % 250 === 0) progress(`history: wrote ${n + 1} conversations`);
    }
    await writer.flush();
    progress(`history: ${Math.round(bytes / 1024 / 1024)} MB of answers`);
    // From the history alone (no index on disk yet); what it writes is the index the others load.
    const build = await timed(async () => {
      const first = new HistorySearch(store, { dir: indexDir });
      await first.search(QUERIES[0]!);
      await first.flush();
    });

    const list = median(await sequence(5, () => timed(() => store.list())));
    const memory = async () => {
      // Twice, with a turn of the event loop between: buffers outside the heap are freed after their owners.
      for (let i = 0; i < 2; i++) {
        collectGarbage();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    const before = await memory();
    const search = new HistorySearch(store, { dir: indexDir });
    await search.warm();
    const warm: number[] = [];
    for (const query of QUERIES) {
      const hits = await search.search(query);
      progress(`history: "${query}": ${hits.length} hits`);
      for (let i = 0; i < 5; i++) warm.push(await timed(() => search.search(query)));
    }
    const cacheMb = ((await memory()) - before) / 1024 / 1024;
    // A new HistorySearch each time: nothing in memory, the index on disk.
    const cold = median(await sequence(3, () => timed(() => new HistorySearch(store, { dir: indexDir }).search(QUERIES[0]!))));
    // Used after the memory figure, so it was not collected before it.
    progress(`history: the measured index still answers (${(await search.search(QUERIES[0]!)).length} hits)`);
    return {
      history_search_ms_1000: r1(median(warm)),
      history_search_cold_ms_1000: r1(cold),
      history_list_ms_1000: r1(list),
      history_search_cache_mb_1000: r1(cacheMb),
      history_index_build_ms_1000: r1(build),
      // On disk: the shared postings table, and each conversation's text (for snippets).
      history_index_base_mb_1000: r1(statSync(join(indexDir, BASE_FILE)).size / 1024 / 1024),
      history_index_disk_mb_1000: r1(readdirSync(indexDir).reduce((sum, name) => sum + statSync(join(indexDir, name)).size, 0) / 1024 / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function sequence(times: number, job: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(await job());
  return out;
}
