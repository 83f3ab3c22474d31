import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { conversationToMarkdown } from '../../src/core/exportMarkdown';
import { HistoryCorrupt, HistoryStore } from '../../src/core/history';
import { conversation, turn } from './history-fixtures';

const tempDir = () => mkdtempSync(join(tmpdir(), 'hist-'));
type StoredIndex = { conversations: Record<string, Record<string, unknown>> };
const index = (dir: string) => (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as StoredIndex).conversations;

test('save then load round-trips; list is newest first; delete removes the folder and the index entry', async () => {
  const dir = join(tempDir(), 'history');
  const store = new HistoryStore(dir);
  const a = conversation('a', 10, [turn('t1', 1), turn('t2', 2, { agentLabel: 'Express' })]);
  a.sessions = { 'acp:local/echo': 'session-1' };
  await store.save(a);
  await store.save(conversation('b', 20));
  assert.deepEqual(await store.load('a'), a);
  const listed = await store.list();
  assert.deepEqual(listed.conversations.map((c) => c.id), ['b', 'a']);
  const entryA = listed.conversations[1]!;
  assert.equal(entryA.turns, 2);
  assert.equal(entryA.agentLabel, 'Express');
  assert.equal(entryA.createdAt, 1);
  const turnFiles = readdirSync(join(dir, 'a')).filter((n) => n.startsWith('turn-'));
  assert.equal(entryA.bytes, turnFiles.reduce((sum, n) => sum + statSync(join(dir, 'a', n)).size, 0));

  await store.delete('a');
  assert.equal(existsSync(join(dir, 'a')), false);
  assert.equal(index(dir).a, undefined);
  assert.equal(await store.load('a'), undefined);
  assert.deepEqual((await store.list()).conversations.map((c) => c.id), ['b']);
});

test('save with turn ids writes only those turns and never deletes other turn files', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('c', 1, [turn('t1', 1)]));
  // This window's copy lacks t1 (say another window wrote it) and has two new turns; only t3 is asked for.
  await store.save(conversation('c', 2, [turn('t2', 2), turn('t3', 3)]), ['t3']);
  assert.deepEqual((await store.load('c'))?.turns.map((t) => t.id), ['t1', 't3']);
  assert.equal(index(dir).c?.turns, 2);
});

test('removeTurns deletes those turn files and updates the index', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('r', 1, [turn('t1', 1), turn('t2', 2), turn('t3', 3)]));
  await store.removeTurns('r', ['t2', 't3']);
  assert.deepEqual((await store.load('r'))?.turns.map((t) => t.id), ['t1']);
  assert.equal(index(dir).r?.turns, 1);
  assert.deepEqual(readdirSync(join(dir, 'r')).sort(), ['meta.json', 'turn-t1.json']);
});

test('turns load ordered by startedAt, then id', async () => {
  const store = new HistoryStore(tempDir());
  // Not the order of the file names: a started last; b and c tie on startedAt.
  await store.save(conversation('o', 1, [turn('a', 5), turn('c', 3), turn('b', 3)]));
  assert.deepEqual((await store.load('o'))?.turns.map((t) => t.id), ['b', 'c', 'a']);
});

test('a turn file that does not parse is set aside and the other turns load', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('k', 1, [turn('t1', 1), turn('t2', 2), turn('t3', 3)]));
  writeFileSync(join(dir, 'k', 'turn-t2.json'), '{"id": "t2", "answer": ');
  writeFileSync(join(dir, 'k', 'turn-t3.json'), JSON.stringify({ id: 'other', answer: 'x' }));
  assert.deepEqual((await store.load('k'))?.turns.map((t) => t.id), ['t1']);
  const names = readdirSync(join(dir, 'k'));
  assert.ok(names.some((n) => /^turn-t2\.json\.\d+\.corrupt$/.test(n)), names.join());
  assert.ok(names.some((n) => /^turn-t3\.json\.\d+\.corrupt$/.test(n)), names.join());
  assert.deepEqual((await store.load('k'))?.turns.map((t) => t.id), ['t1']);
});

test('metadata that does not parse: HistoryCorrupt after setting it aside', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('m', 1));
  writeFileSync(join(dir, 'm', 'meta.json'), 'not json');
  await assert.rejects(store.load('m'), (err: unknown) => err instanceof HistoryCorrupt && err.file === 'm/meta.json');
  assert.ok(readdirSync(join(dir, 'm')).some((n) => /^meta\.json\.\d+\.corrupt$/.test(n)));
  assert.equal(index(dir).m, undefined);
});

test('a stray <id>.json beside the folders (a one-file layout never released) is neither listed nor loaded', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('good', 5));
  writeFileSync(join(dir, 'old.json'), JSON.stringify(conversation('old', 7)));
  assert.deepEqual((await store.list()).conversations.map((c) => c.id), ['good']);
  assert.equal(await store.load('old'), undefined);
  assert.ok(existsSync(join(dir, 'old.json')), 'left as it is, not set aside');
});

test('list reads the index, and picks up a folder the index misses', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('x', 10, [turn('t1', 1), turn('t2', 2)]));
  await store.save(conversation('y', 20));
  // The index is what list reads: a title changed only there shows.
  const stored = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  stored.conversations.y.title = 'From the index';
  // A lost index update (another window's write raced ours): x is missing from it.
  delete stored.conversations.x;
  writeFileSync(join(dir, 'index.json'), JSON.stringify(stored));
  const listed = await store.list();
  assert.deepEqual(listed.conversations.map((c) => [c.id, c.title, c.turns]), [['y', 'From the index', 1], ['x', 'Chat x', 2]]);
  assert.ok(listed.conversations[1]!.bytes > 0);
  assert.equal(index(dir).x?.turns, 2, 'list heals the index');
});

test('an index that does not parse is set aside and the list is rebuilt from the folders', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('p', 10));
  await store.save(conversation('q', 20));
  writeFileSync(join(dir, 'index.json'), '{ broken');
  assert.deepEqual((await store.list()).conversations.map((c) => c.id), ['q', 'p']);
  assert.ok(readdirSync(dir).some((n) => /^index\.json\.\d+\.corrupt$/.test(n)));
});

test('ids that could escape the folder are refused before any write', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await assert.rejects(store.load('../etc/passwd'));
  await assert.rejects(store.delete('..'));
  await assert.rejects(store.save(conversation('ok', 1, [turn('../../x', 1)])));
  await assert.rejects(store.removeTurns('ok', ['a/b']));
  assert.deepEqual(readdirSync(dir), []);
});

test('export: Markdown with question, agent, answer and numbered sources', () => {
  const asked = turn('t1', 1, { question: 'What is SSE?', answer: 'SSE is a stream [[1]](https://example.com/a).' });
  const c = conversation('x', Date.parse('2026-11-22T10:00:00Z'), [asked]);
  const md = conversationToMarkdown(c);
  assert.match(md, /^# Chat x\n/);
  assert.match(md, /## What is SSE\?\n\n\*\*Agent:\*\* Advanced\n\nSSE is a stream \[\[1\]\]\(https:\/\/example\.com\/a\)\./);
  assert.match(md, /### Sources\n\n1\. \[A \\\[guide\\\]\]\(https:\/\/example\.com\/a\) — About SSE\n$/);
});

test('folders named like prototype members are not conversations; such ids are refused', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('real', 10));
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'meta.json'), JSON.stringify({ id: name, title: 'x', createdAt: 1, updatedAt: 99 }));
    await assert.rejects(store.load(name), /bad history id/);
    await assert.rejects(store.save(conversation(name, 1)), /bad history id/);
  }
  const listed = await store.list();
  assert.deepEqual(listed.conversations.map((c) => c.id), ['real']);
  for (const entry of listed.conversations) assert.equal(typeof entry.title, 'string');
  // An index that names one is not half-read: it is set aside, and the list comes from the folders.
  const stored = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  stored.conversations.constructor = { id: 'constructor', title: 'x', createdAt: 1, updatedAt: 1, turns: 1, bytes: 1 };
  writeFileSync(join(dir, 'index.json'), JSON.stringify(stored));
  assert.deepEqual((await store.list()).conversations.map((c) => c.id), ['real']);
  assert.ok(readdirSync(dir).some((n) => /^index\.json\.\d+\.corrupt$/.test(n)));
});

test('a turn file is taken whole or set aside with a log line: never half-loaded', async () => {
  const dir = tempDir();
  const logged: string[] = [];
  const store = new HistoryStore(dir, { log: { debug() {}, info() {}, warn: (m) => logged.push(m), error() {} } });
  await store.save(conversation('h', 10, [turn('t1', 1)]));
  const bad: Record<string, unknown> = {
    t2: { citations: [null, 5] },
    t3: { status: 'exploded' },
    t4: { error: { message: 'x', action: 'format-disk' } },
    t5: { otherAnswers: [{ answer: 'only this' }] },
    t6: { startedAt: 'yesterday' },
    t7: { citations: [{ index: 1, url: 'https://e.com', title: 't', snippet: 's', host: 'e.com' }, { index: 2, url: 5 }] },
  };
  for (const [id, change] of Object.entries(bad)) writeFileSync(join(dir, 'h', `turn-${id}.json`), JSON.stringify({ ...turn(id, 2), ...(change as object) }));
  writeFileSync(join(dir, 'h', 'turn-t8.json'), JSON.stringify({ ...turn('t8', 3), unknownField: '<img onerror=x>' }));
  const loaded = await store.load('h');
  assert.deepEqual(loaded?.turns.map((t) => t.id), ['t1', 't8']);
  assert.equal((loaded?.turns[1] as unknown as Record<string, unknown>).unknownField, undefined, 'fields outside the schema are not loaded');
  const names = readdirSync(join(dir, 'h'));
  for (const id of Object.keys(bad)) assert.ok(names.some((n) => n.startsWith(`turn-${id}.json.`) && n.endsWith('.corrupt')), id);
  assert.equal(logged.length, Object.keys(bad).length);
  assert.match(logged[0]!, /h[/\\]turn-t\d\.json does not match the history schema/);
});

