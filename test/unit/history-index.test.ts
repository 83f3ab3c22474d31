import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Conversation } from '../../src/core/conversation';
import { HistoryStore, type HistoryEntry } from '../../src/core/history';
import { docOf } from '../../src/core/historyIndex';
import { BASE_FILE } from '../../src/core/historyIndexFiles';
import { HistorySearch, type SearchableHistory, type SearchHit } from '../../src/core/historySearch';
import { count, fold, snippet, toRaw } from '../../src/core/historyText';
import { conversation, turn } from './history-fixtures';

/** A history folder with its store, the index folder beside it, and the store's writes followed by a search. */
function followed(options: { delayMs?: number; mergeAfter?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hist-index-'));
  const store = new HistoryStore(join(dir, 'history'));
  const indexDir = join(dir, 'history', '.search');
  const lines: string[] = [];
  const search = new HistorySearch(store, { dir: indexDir, delayMs: options.delayMs ?? 60_000, mergeAfter: options.mergeAfter, log: (l) => lines.push(l) });
  const unfollow = store.onDidChange((id, entry) => search.noteChanged(id, entry));
  return { store, indexDir, search, lines, unfollow };
}

/** The store, with a list of the conversations it loaded. */
function counted(store: HistoryStore): SearchableHistory & { loads: string[] } {
  const loads: string[] = [];
  return { loads, list: () => store.list(), load: (id) => (loads.push(id), store.load(id)) };
}

/** What the index holds for the listed conversations: every token row, by conversation. */
async function rows(search: HistorySearch, store: HistoryStore): Promise<Record<string, string[]>> {
  return search.index.describe((await store.list()).conversations);
}

/**
 * The search as it was before the index: every conversation's text scanned for every word.
 * The oracle the indexed search must agree with.
 */
async function scanAll(store: HistoryStore, query: string): Promise<SearchHit[]> {
  const words = [...new Set(fold(query).text.split(/\s+/u).filter((w) => w.length > 0))];
  if (words.length === 0) return [];
  const found: { entry: HistoryEntry; conv: Conversation; matches: number; titleWords: number; part: number; at: number }[] = [];
  for (const entry of (await store.list()).conversations) {
    const conv = (await store.load(entry.id))!;
    const parts = docOf(conv, '').parts.map((p) => fold(p.text).text);
    const title = fold(entry.title).text;
    let [matches, titleWords, part, at] = [0, 0, Infinity, Infinity];
    const all = words.every((word) => {
      let hit = false;
      const inTitle = count(title, word);
      if (inTitle.count > 0) {
        [hit, titleWords, matches] = [true, titleWords + 1, matches + inTitle.count];
        if (part > -1 || inTitle.first < at) [part, at] = [-1, inTitle.first];
      }
      parts.forEach((text, i) => {
        const inPart = count(text, word);
        if (inPart.count === 0) return;
        [hit, matches] = [true, matches + inPart.count];
        if (i < part || (i === part && inPart.first < at)) [part, at] = [i, inPart.first];
      });
      return hit;
    });
    if (all) found.push({ entry, conv, matches, titleWords, part, at });
  }
  found.sort((a, b) => b.titleWords - a.titleWords || b.matches - a.matches || b.entry.updatedAt - a.entry.updatedAt);
  return found.slice(0, 50).map(({ entry, conv, matches, part, at }) => {
    if (part < 0) return { entry, snippet: snippet(entry.title, toRaw(fold(entry.title), at, entry.title.length)), field: 'title', matches };
    const { field, turnId, text } = docOf(conv, '').parts[part]!;
    return { entry, snippet: snippet(text, toRaw(fold(text), at, text.length)), field, turnId, matches };
  });
}

// --- the property: the index kept on disk is the index of the history --------------------------

const WORDS = ['Café', 'cafe', 'CAFÉ', 'naïve', 'don’t', "don't", 'stream', 'stream-ing', 'ﬁle', 'e\u0301t\u00e9', 'x', 'xx', 'Ärger', '—', '(case', 'rust?'];
/** Long enough that a snippet is cut, so it shows where the match was taken to be. */
const FILLER = 'lorem ipsum dolor sit amet '.repeat(5);
const textArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS, FILLER), fc.constantFrom(' ', '\n', '  ', '\n\n')), { minLength: 0, maxLength: 8 })
  .map((pairs) => pairs.map(([w, s]) => w + s).join(''));
/** Whole words, and parts of words (matched inside them, at an offset). */
const QUERY_WORDS = [...WORDS, 'ing', 'AFE', 'rger', "n't", 'e', '-', 'ile', 'ete'];
const idArb = fc.constantFrom('a', 'b', 'c', 'd');
const turnArb = fc.constantFrom('t1', 't2', 't3');

type Op =
  | { kind: 'save'; id: string; turnId: string; question: string; answer: string }
  | { kind: 'rename'; id: string; title: string }
  | { kind: 'removeTurn'; id: string; turnId: string }
  | { kind: 'delete'; id: string }
  | { kind: 'search'; query: string }
  | { kind: 'flush' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // A new turn, or an edited one (same turn id, new text).
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('save' as const), id: idArb, turnId: turnArb, question: textArb, answer: textArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), id: idArb, title: textArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeTurn' as const), id: idArb, turnId: turnArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: idArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('search' as const), query: fc.constantFrom(...QUERY_WORDS) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
);

const opsArb = fc.array(opArb, { minLength: 1, maxLength: 14 });
const queryArb = fc.array(fc.constantFrom(...QUERY_WORDS), { minLength: 1, maxLength: 2 });

/** Applies one operation through the store (and so through the index following it). */
async function apply(op: Op, store: HistoryStore, search: HistorySearch, clock: { now: number }): Promise<void> {
  clock.now++;
  if (op.kind === 'search') return void (await search.search(op.query));
  if (op.kind === 'flush') return search.flush();
  if (op.kind === 'delete') return store.delete(op.id);
  const stored = await store.load(op.id);
  if (op.kind === 'removeTurn') return stored ? store.removeTurns(op.id, [op.turnId]) : undefined;
  const conv = stored ?? conversation(op.id, clock.now, []);
  conv.updatedAt = clock.now;
  if (op.kind === 'rename') return stored ? store.save({ ...conv, title: op.title.trim() || 'untitled' }, []) : undefined;
  const written = turn(op.turnId, clock.now, { question: op.question, answer: op.answer });
  conv.turns = [...conv.turns.filter((t) => t.id !== op.turnId), written];
  await store.save(conv, [op.turnId]);
}

test('the index kept on disk, updated write by write, equals a fresh index of the same history, and searches as a full scan does', async () => {
  await fc.assert(
    fc.asyncProperty(opsArb, fc.integer({ min: 1, max: 4 }), queryArb, async (ops, mergeAfter, query) => {
      const { store, indexDir, search } = followed({ mergeAfter });
      const clock = { now: 1000 };
      for (const op of ops) await apply(op, store, search, clock);
      await search.flush();

      const fresh = new HistorySearch(store);
      const expected = await rows(fresh, store);
      // The live index (loaded by a search on the way, or not) and one loaded from disk.
      assert.deepEqual(await rows(search, store), expected);
      const history = counted(store);
      const reloaded = new HistorySearch(history, { dir: indexDir });
      assert.deepEqual(await rows(reloaded, store), expected);
      // Loaded from disk without reading any conversation again.
      assert.deepEqual(history.loads, []);

      const q = query.join(' ');
      assert.deepEqual(await reloaded.search(q), await scanAll(store, q), q);
    }),
    { seed: 21, numRuns: 100 },
  );
});

// --- crashes, damage ------------------------------------------------------------------------

test('a turn written just before a crash (its index write never ran) is found: that conversation alone is read again', async () => {
  const { store, indexDir, search, unfollow } = followed();
  await store.save(conversation('a', 10, [turn('t1', 1, { answer: 'first answer' })]));
  await store.save(conversation('b', 11, [turn('t1', 1, { answer: 'other answer' })]));
  await search.flush();
  await new HistorySearch(store, { dir: indexDir }).search('answer').then((hits) => search.flush().then(() => hits));

  // The window dies after the turn file and the history's entry were written, before the index write.
  unfollow();
  const a = (await store.load('a'))!;
  a.turns.push(turn('t2', 2, { answer: 'backpressure explained' }));
  a.updatedAt = 20;
  await store.save(a, ['t2']);

  const history = counted(store);
  const restarted = new HistorySearch(history, { dir: indexDir });
  assert.deepEqual((await restarted.search('backpressure')).map((h) => [h.entry.id, h.turnId]), [['a', 't2']]);
  assert.deepEqual(history.loads, ['a']);
  await restarted.flush();

  // What it read was written back: the next start reads nothing.
  const again = counted(store);
  assert.deepEqual((await new HistorySearch(again, { dir: indexDir }).search('backpressure')).map((h) => h.entry.id), ['a']);
  assert.deepEqual(again.loads, []);
});

test('a conversation with no index file (written before the index existed) is indexed at the first search', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hist-index-'));
  const store = new HistoryStore(join(dir, 'history'));
  await store.save(conversation('old', 1, [turn('t1', 1, { answer: 'legacy words' })]));
  const history = counted(store);
  const search = new HistorySearch(history, { dir: join(dir, 'history', '.search') });
  assert.deepEqual((await search.search('legacy')).map((h) => h.entry.id), ['old']);
  await search.flush();
  assert.ok(readdirSync(join(dir, 'history', '.search')).includes('old.json'));
  assert.ok(readdirSync(join(dir, 'history', '.search')).includes(BASE_FILE));
});

/** Damage done to a valid shared index file: each must be noticed, logged and rebuilt. */
const DAMAGE: [string, (text: string) => string][] = [
  ['not JSON', () => 'not json {'],
  ['cut short', (text) => text.slice(0, Math.floor(text.length / 2))],
  ['another version', (text) => text.replace('"v":1', '"v":99')],
  ['a row pointing past the conversations', (text) => text.replace(/"conversations":\[\[[^\]]*\]/, '"conversations":[')],
  ['a token holding a space', (text) => text.replace('"vocab":"', '"vocab":"a b\\n')],
  ['a column of the wrong length', (text) => text.replace(/"pos":"[^"]*"/, '"pos":"AAAA"')],
  ['a column that is not base64', (text) => text.replace(/"count":"[^"]*"/, '"count":"!!!"')],
  ['a column with one character that is not base64', (text) => text.replace(/"count":"./, '"count":"!')],
  ['a bad conversation id', (text) => text.replace(/"conversations":\[\["[^"]*"/, '"conversations":[["__proto__/.."')],
];

test('a damaged index file is rebuilt, with a log line, and the search still finds everything', async () => {
  const { store, indexDir, search } = followed();
  await store.save(conversation('a', 10, [turn('t1', 1, { answer: 'alpha river' })]));
  await store.save({ ...conversation('b', 11, [turn('t1', 1, { answer: 'beta river' })]), title: 'Rivers' });
  await search.flush();
  await search.search('river');
  await search.flush();
  const good = readFileSync(join(indexDir, BASE_FILE), 'utf8');
  const expected = await scanAll(store, 'river');
  assert.equal(expected.length, 2);

  for (const [what, damage] of DAMAGE) {
    writeFileSync(join(indexDir, BASE_FILE), damage(good));
    const lines: string[] = [];
    const restarted = new HistorySearch(store, { dir: indexDir, log: (l) => lines.push(l) });
    assert.deepEqual(await restarted.search('river'), expected, what);
    assert.ok(lines.some((l) => l.includes(`${BASE_FILE} is damaged`)), `${what}: ${lines.join('; ')}`);
    await restarted.flush();
    // Rebuilt: the next start reads it without complaint and reads no conversation again.
    const history = counted(store);
    const after: string[] = [];
    assert.deepEqual(await new HistorySearch(history, { dir: indexDir, log: (l) => after.push(l) }).search('river'), expected, what);
    assert.deepEqual([after, history.loads], [[], []], what);
  }

  // A conversation's own index file, damaged: read again from the history and written anew.
  writeFileSync(join(indexDir, 'a.json'), '{"v":1,"id":"a","key":');
  const lines: string[] = [];
  const history = counted(store);
  const restarted = new HistorySearch(history, { dir: indexDir, log: (l) => lines.push(l), mergeAfter: 1 });
  restarted.invalidate('b');
  await restarted.flush();
  // "b" was forgotten: its file is gone, so it is read from the history; "a" is read for its snippet.
  assert.deepEqual(await restarted.search('river'), expected);
  assert.ok(lines.some((l) => l.includes('a.json is damaged')), lines.join('; '));
  assert.deepEqual(history.loads.sort(), ['a', 'b']);
});

test('a change is indexed once, after its conversation has been quiet for the delay (not on every checkpoint)', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const dir = mkdtempSync(join(tmpdir(), 'hist-index-'));
  const store = new HistoryStore(join(dir, 'history'));
  const history = counted(store);
  const search = new HistorySearch(history, { dir: join(dir, 'history', '.search'), delayMs: 5_000 });
  store.onDidChange((id, entry) => search.noteChanged(id, entry));
  // A streaming answer, checkpointed every 2 s.
  const conv = conversation('a', 1, [turn('t1', 1, { answer: 'partial' })]);
  for (let i = 0; i < 5; i++) {
    conv.turns[0]!.answer += ` more${i}`;
    conv.updatedAt++;
    await store.save(conv, ['t1']);
    t.mock.timers.tick(2_000);
  }
  assert.deepEqual(history.loads, []);
  t.mock.timers.tick(3_000);
  // The index reads the conversation (through the counting wrapper) and writes its file.
  for (let i = 0; i < 1000 && history.loads.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(history.loads, ['a']);
  await search.flush();
  assert.ok(readdirSync(join(dir, 'history', '.search')).includes('a.json'));
  assert.deepEqual((await search.search('more4')).map((h) => h.entry.id), ['a']);
  assert.deepEqual(history.loads, ['a']);
});

test('the store tells its listeners of every save, turn removal and delete, with the new entry', async () => {
  const store = new HistoryStore(mkdtempSync(join(tmpdir(), 'hist-index-')));
  const seen: [string, number | undefined][] = [];
  const stop = store.onDidChange((id, entry) => seen.push([id, entry?.turns]));
  store.onDidChange(() => {
    throw new Error('a listener that fails does not fail the write');
  });
  await store.save(conversation('a', 1, [turn('t1', 1), turn('t2', 2)]));
  await store.removeTurns('a', ['t1']);
  await store.delete('a');
  stop();
  await store.save(conversation('b', 1));
  assert.deepEqual(seen, [['a', 2], ['a', 1], ['a', undefined]]);
});

test('a deleted conversation leaves the index files at once: its text and its words, also before any search', async () => {
  const { store, indexDir, search, unfollow } = followed();
  await store.save(conversation('a', 10, [turn('t1', 1, { answer: 'zebra secret' })]));
  await store.save(conversation('b', 11, [turn('t1', 1, { answer: 'okapi note' })]));
  await store.save(conversation('c', 12, [turn('t1', 1, { answer: 'quokka fact' })]));
  await search.search('note');
  await search.flush();
  assert.match(readFileSync(join(indexDir, BASE_FILE), 'utf8'), /zebra/);

  // This window has searched (the index is loaded).
  await store.delete('a');
  await search.flush();
  assert.doesNotMatch(readFileSync(join(indexDir, BASE_FILE), 'utf8'), /zebra/);
  assert.ok(!readdirSync(indexDir).includes('a.json'));

  // A new window that has not searched yet (the index is not loaded).
  unfollow();
  const fresh = new HistorySearch(store, { dir: indexDir, delayMs: 60_000 });
  store.onDidChange((id, entry) => fresh.noteChanged(id, entry));
  await store.delete('b');
  await fresh.flush();
  const base = readFileSync(join(indexDir, BASE_FILE), 'utf8');
  assert.doesNotMatch(base, /okapi/);
  assert.match(base, /quokka/);
  assert.deepEqual(readdirSync(indexDir).filter((n) => n.endsWith('.json')).sort(), ['c.json', BASE_FILE]);
  assert.deepEqual((await fresh.search('fact')).map((h) => h.entry.id), ['c']);
});
