import assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HistoryIoError, HistoryStore, type HistoryFs } from '../../src/core/history';
import { conversation, turn } from './history-fixtures';

const tempDir = () => mkdtempSync(join(tmpdir(), 'hist-win-'));
const ids = (c: { turns: { id: string }[] } | undefined) => c?.turns.map((t) => t.id);

test('two windows append turns to the same conversation: load returns every turn', async () => {
  const dir = tempDir();
  const windowA = new HistoryStore(dir);
  const windowB = new HistoryStore(dir);
  const a = conversation('shared', 1, [turn('a1', 1)]);
  await windowA.save(a);
  const b = (await windowB.load('shared'))!;
  b.turns.push(turn('b1', 2));
  b.sessions = { 'acp:local/echo': 'session-b' };
  await windowB.save(b, ['b1']);
  // Window A still holds only its own copy; saving it whole must not drop B's turn or session.
  a.turns.push(turn('a2', 3));
  await windowA.save(a);
  assert.deepEqual(ids(await windowA.load('shared')), ['a1', 'b1', 'a2']);
  assert.deepEqual((await windowA.load('shared'))?.sessions, { 'acp:local/echo': 'session-b' }, "B's ACP session survives A's save");
  // Both windows at once.
  a.turns.push(turn('a3', 4));
  b.turns.push(turn('b2', 5));
  await Promise.all([windowA.save(a, ['a3']), windowB.save(b, ['b2'])]);
  for (const store of [windowA, windowB]) {
    const loaded = await store.load('shared');
    assert.deepEqual(ids(loaded), ['a1', 'b1', 'a2', 'a3', 'b2']);
    assert.deepEqual(loaded?.sessions, { 'acp:local/echo': 'session-b' });
  }
  assert.equal((await windowA.list()).conversations[0]?.turns, 5);
});

test('checkpointing one turn many times keeps one file with the last text and no temp files', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  const c = conversation('cp', 1, [turn('t1', 1, { status: 'streaming', answer: '' })]);
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => {
      const copy = structuredClone(c);
      copy.turns[0]!.answer = `part ${i}`;
      copy.updatedAt = i;
      return store.save(copy, ['t1']);
    }),
  );
  assert.deepEqual(readdirSync(join(dir, 'cp')).sort(), ['meta.json', 'turn-t1.json']);
  assert.deepEqual(readdirSync(dir).sort(), ['cp', 'index.json']);
  const loaded = await store.load('cp');
  assert.equal(loaded?.turns[0]?.answer, 'part 19');
  assert.equal(loaded?.updatedAt, 19);
});

test('files are 0600 and folders 0700, also a root folder an older version made world-readable', async () => {
  const dir = join(tempDir(), 'history');
  await fsp.mkdir(dir, { mode: 0o755 });
  await fsp.chmod(dir, 0o755);
  const store = new HistoryStore(dir);
  await store.save(conversation('modes', 1));
  const mode = (path: string) => statSync(path).mode & 0o777;
  assert.equal(mode(dir), 0o700);
  assert.equal(mode(join(dir, 'modes')), 0o700);
  for (const file of ['index.json', 'modes/meta.json', 'modes/turn-t1.json']) assert.equal(mode(join(dir, file)), 0o600, file);
});

function failing(code: string, when: (path: string) => boolean, calls: string[]): Partial<HistoryFs> {
  const fail = (path: string) => {
    calls.push(path);
    const err = new Error(`${code}: simulated, ${path}`) as NodeJS.ErrnoException;
    err.code = code;
    throw err;
  };
  return {
    readFile: async (path, encoding) => (when(path) ? fail(path) : fsp.readFile(path, encoding)),
    readdir: async (path) => (when(path) ? fail(path) : fsp.readdir(path)),
  };
}

test('an EACCES read is retried once, then a HistoryIoError; nothing is set aside', async () => {
  const dir = tempDir();
  await new HistoryStore(dir).save(conversation('locked', 1, [turn('t1', 1), turn('t2', 2)]));
  const before = readdirSync(join(dir, 'locked')).sort();

  const calls: string[] = [];
  const metaLocked = new HistoryStore(dir, { fs: failing('EACCES', (p) => p.endsWith('meta.json'), calls) });
  const isMetaEacces = (err: unknown) => err instanceof HistoryIoError && err.code === 'EACCES' && err.file === join('locked', 'meta.json');
  await assert.rejects(metaLocked.load('locked'), isMetaEacces);
  assert.equal(calls.length, 2, 'one retry');

  const turnLocked = new HistoryStore(dir, { fs: failing('EIO', (p) => p.endsWith('turn-t2.json'), []) });
  await assert.rejects(turnLocked.load('locked'), HistoryIoError);

  const listLocked = new HistoryStore(dir, { fs: failing('EACCES', (p) => p === dir, []) });
  await assert.rejects(listLocked.list(), HistoryIoError);

  assert.deepEqual(readdirSync(join(dir, 'locked')).sort(), before);
  assert.ok(!readdirSync(dir).some((n) => n.endsWith('.corrupt')));
  assert.deepEqual(ids(await new HistoryStore(dir).load('locked')), ['t1', 't2']);
});

test('a transient failure is retried once and the call succeeds', async () => {
  const dir = tempDir();
  await new HistoryStore(dir).save(conversation('flaky', 1));
  let failures = 1;
  const store = new HistoryStore(dir, {
    fs: {
      readFile: async (path, encoding) => {
        if (path.endsWith('meta.json') && failures-- > 0) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        return fsp.readFile(path, encoding);
      },
    },
  });
  assert.deepEqual(ids(await store.load('flaky')), ['t1']);
});

test('a failed write is a HistoryIoError and leaves no temp file', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir, {
    fs: {
      rename: async (from, to) => {
        if (to.endsWith('turn-t1.json')) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        return fsp.rename(from, to);
      },
    },
  });
  await assert.rejects(store.save(conversation('full', 1)), (err: unknown) => err instanceof HistoryIoError && err.code === 'ENOSPC');
  assert.deepEqual(readdirSync(join(dir, 'full')), ['meta.json']);
});

const asRoot = process.getuid?.() === 0;
test('a real unreadable folder (chmod 000) is a HistoryIoError, not corruption', { skip: asRoot ? 'root reads through chmod 000' : false }, async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('perm', 1));
  await fsp.chmod(join(dir, 'perm'), 0o000);
  try {
    await assert.rejects(store.load('perm'), HistoryIoError);
  } finally {
    await fsp.chmod(join(dir, 'perm'), 0o700);
  }
  assert.ok(!readdirSync(join(dir, 'perm')).some((n) => n.endsWith('.corrupt')));
});

test('cleanStale removes temp files older than an hour and keeps everything else', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('s', 1));
  const old = (Date.now() - 2 * 60 * 60 * 1000) / 1000;
  const stale = [join(dir, 'index.json.123-1-abcd.tmp'), join(dir, 's', 'turn-t2.json.123-2-abcd.tmp')];
  for (const path of stale) {
    writeFileSync(path, '{"half":');
    utimesSync(path, old, old);
  }
  const fresh = join(dir, 's', 'meta.json.456-1-beef.tmp');
  writeFileSync(fresh, '{');
  await store.cleanStale();
  assert.deepEqual(readdirSync(dir).sort(), ['index.json', 's']);
  assert.deepEqual(readdirSync(join(dir, 's')).sort(), ['meta.json', 'meta.json.456-1-beef.tmp', 'turn-t1.json']);
  // The clock decides what is old: an hour later the fresh one goes too.
  await new HistoryStore(dir, { now: () => Date.now() + 2 * 60 * 60 * 1000 }).cleanStale();
  assert.deepEqual(readdirSync(join(dir, 's')).sort(), ['meta.json', 'turn-t1.json']);
  assert.deepEqual(ids(await store.load('s')), ['t1']);
});

test('delete in one window while another still holds the conversation: its next save brings it back whole', async () => {
  const dir = tempDir();
  const windowA = new HistoryStore(dir);
  const windowB = new HistoryStore(dir);
  const c = conversation('del', 1, [turn('t1', 1)]);
  await windowA.save(c);
  await windowB.delete('del');
  assert.deepEqual((await windowA.list()).conversations, []);
  await windowA.save(c);
  assert.deepEqual((await windowB.list()).conversations.map((e) => e.id), ['del']);
});
