import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { ResearchTaskStore, STALE_MS, type TaskFs, type TaskLock } from '../../src/core/researchTasks';

/**
 * Windows racing for one task's lock (src/core/researchTasks.ts): VS Code restoring several windows
 * after a crash starts them together, and each resumes the task whose lock the crashed window left.
 * Every file operation takes effect when fast-check's scheduler releases it, so the property runs
 * over interleavings of the windows' steps: exactly one window ends up following the task. (Two
 * windows clearing a takeover lock left by a crash at the same moment is not covered: see takeOver.)
 */
const DIR = '/tasks';
const LOCK = join(DIR, 't1.lock');
const NOW = STALE_MS * 10;

type Entry = { text: string; mtimeMs: number };
const failure = (code: string) => Object.assign(new Error(code), { code });

/** A folder in memory: exclusive create, rename and stat as a local file system has them. */
function memoryFs(files: Map<string, Entry>): TaskFs {
  const entry = (path: string) => files.get(path) ?? Promise.reject(failure('ENOENT'));
  return {
    readFile: async (path) => (await entry(path)).text,
    writeFile: async (path, text, { flag }) => {
      if (flag === 'wx' && files.has(path)) throw failure('EEXIST');
      files.set(path, { text, mtimeMs: NOW });
    },
    rename: async (from, to) => {
      const moved = await entry(from);
      files.delete(from);
      files.set(to, moved);
    },
    mkdir: async () => undefined,
    readdir: async () => [...files.keys()].map((path) => path.slice(DIR.length + 1)),
    stat: async (path) => ({ mtimeMs: (await entry(path)).mtimeMs }),
    utimes: async (path) => void ((await entry(path)).mtimeMs = NOW),
    rm: async (path) => void files.delete(path),
  };
}

/** The same operations, each taking effect only when the scheduler releases it. */
function scheduled(fs: TaskFs, s: fc.Scheduler): TaskFs {
  const wrap = <A extends unknown[], R>(op: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    await s.schedule(Promise.resolve());
    return op(...args);
  };
  return Object.fromEntries(Object.entries(fs).map(([name, op]) => [name, wrap(op as (...args: unknown[]) => Promise<unknown>)])) as unknown as TaskFs;
}

test('windows taking over a stale lock together: in each of 300 seeded interleavings exactly one follows the task, and the lock names it', async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 4 }), fc.boolean(), async (s, windows, crashed) => {
      // The window that left the lock: its process gone (a crash), or silent for longer than STALE_MS.
      const files = new Map<string, Entry>([[LOCK, { text: 'gone:1', mtimeMs: crashed ? NOW : 0 }]]);
      const fs = scheduled(memoryFs(files), s);
      const ownerGone = (owner: string) => crashed && owner === 'gone:1';
      const stores = Array.from({ length: windows }, () => new ResearchTaskStore(DIR, { fs, now: () => NOW, ownerGone }));
      const locks: (TaskLock | undefined)[] = await s.waitFor(Promise.all(stores.map((store, i) => store.lock('t1', `w${i}`))));
      const holders = locks.flatMap((lock, i) => (lock ? [`w${i}`] : []));
      const named = files.get(LOCK)?.text;
      await s.waitFor(Promise.all(locks.map((lock) => lock?.release())));
      assert.equal(holders.length, 1, `holders: ${holders.join(', ')}`);
      assert.equal(named, holders[0]);
      assert.deepEqual([...files.keys()], [], 'nothing is left behind once released');
    }),
    { seed: 21, numRuns: 300 },
  );
});

test('a takeover lock left by a window that crashed mid-takeover is stale too: the next window takes the task', async () => {
  const files = new Map<string, Entry>([
    [LOCK, { text: 'gone:1', mtimeMs: 0 }],
    [`${LOCK}.takeover`, { text: 'gone:2', mtimeMs: 0 }],
  ]);
  const store = new ResearchTaskStore(DIR, { fs: memoryFs(files), now: () => NOW, ownerGone: () => false });
  const lock = await store.lock('t1', 'w0');
  assert.ok(lock);
  assert.deepEqual([...files.entries()].map(([path, { text }]) => [path, text]), [[LOCK, 'w0']]);
  // A fresh takeover lock is another window taking over now: this one leaves the task to it.
  await lock.release();
  files.set(LOCK, { text: 'gone:1', mtimeMs: 0 });
  files.set(`${LOCK}.takeover`, { text: 'w1', mtimeMs: NOW });
  assert.equal(await store.lock('t1', 'w0'), undefined);
  assert.equal(files.get(LOCK)?.text, 'gone:1');
  // Unless that window's process is gone (it crashed mid-takeover just now): then it goes at once.
  const later = new ResearchTaskStore(DIR, { fs: memoryFs(files), now: () => NOW, ownerGone: (owner) => owner === 'w1' });
  const taken = await later.lock('t1', 'w2');
  assert.ok(taken);
  assert.deepEqual([...files.entries()].map(([path, { text }]) => [path, text]), [[LOCK, 'w2']]);
  await taken.release();
});
