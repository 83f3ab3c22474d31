import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HistoryStore } from '../../src/core/history';
import { HistorySearch, MAX_TEXT_PER_CONVERSATION, type SearchableHistory } from '../../src/core/historySearch';
import { conversation, turn } from './history-fixtures';

const tempDir = () => mkdtempSync(join(tmpdir(), 'hist-search-'));

/** The store, with a count of the conversations it loaded. */
function counted(store: HistoryStore): SearchableHistory & { loads: string[] } {
  const loads: string[] = [];
  return { loads, list: () => store.list(), load: (id) => (loads.push(id), store.load(id)) };
}

async function seeded(): Promise<{ dir: string; store: HistoryStore }> {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(
    conversation('old', 10, [
      turn('t1', 1, { question: 'How do I stream?', answer: 'Use   Server-Sent\n\nEvents; the browser reconnects by itself.' }),
      turn('t2', 2, { question: 'And retries?', answer: 'Send a retry field with the delay in milliseconds.' }),
    ]),
  );
  await store.save(conversation('new', 20, [turn('t1', 5, { question: 'Café near the station?', answer: 'Try the one by the river.' })]));
  return { dir, store };
}

test('finds a word that only occurs in an older answer, with the turn and a snippet around it', async () => {
  const { store } = await seeded();
  const hits = await new HistorySearch(store).search('reconnects');
  assert.equal(hits.length, 1);
  const hit = hits[0]!;
  assert.equal(hit.entry.id, 'old');
  assert.equal(hit.field, 'answer');
  assert.equal(hit.turnId, 't1');
  assert.equal(hit.matches, 1);
  assert.equal(hit.snippet, 'Use Server-Sent Events; the browser reconnects by itself.');
});

test('every word must occur somewhere in the conversation; an empty query finds nothing', async () => {
  const { store } = await seeded();
  const search = new HistorySearch(store);
  // "stream" is in one question, "milliseconds" in another turn's answer.
  assert.deepEqual((await search.search('stream milliseconds')).map((h) => h.entry.id), ['old']);
  assert.deepEqual(await search.search('stream river'), []);
  assert.deepEqual(await search.search(''), []);
  assert.deepEqual(await search.search('  \n\t '), []);
});

test('case, compatibility forms and accents do not matter', async () => {
  const { store } = await seeded();
  const search = new HistorySearch(store);
  for (const query of ['CAFE', 'café', 'Ｃａｆé', 'cafe\u0301']) {
    const hits = await search.search(query);
    assert.deepEqual(hits.map((h) => [h.entry.id, h.field, h.turnId]), [['new', 'question', 't1']], query);
    assert.equal(hits[0]!.snippet, 'Café near the station?');
  }
  assert.equal((await search.search('SERVER-sent')).length, 1);
  // Typographic quotes and dashes match their ASCII forms.
  await store.save(conversation('quotes', 30, [turn('t1', 1, { answer: 'Don’t block the event loop — ever.' })]));
  assert.deepEqual((await search.search("don't loop -")).map((h) => h.snippet), ['Don’t block the event loop — ever.']);
});

test('the snippet lands on the match even when folding changed the length of the text before it', async () => {
  const store = new HistoryStore(tempDir());
  // Ligatures grow when folded, combining accents vanish: positions in the folded text drift from the original.
  const answer = `${'ﬁ '.repeat(100)}${'e\u0301 '.repeat(100)}${'İ'.repeat(30)} Target rest of it ${'ﬀ'.repeat(10)} last`;
  await store.save(conversation('x', 1, [turn('t1', 1, { answer })]));
  const [hit] = await new HistorySearch(store).search('target');
  assert.equal(hit?.snippet, `…${'e\u0301 '.repeat(5)}${'İ'.repeat(30)} Target rest of it ${'ﬀ'.repeat(10)} last`);
});

test('title hits come first, then more matches, then the newest', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  await store.save(conversation('a', 30, [turn('t1', 1, { answer: 'kotlin kotlin kotlin' })]));
  await store.save({ ...conversation('b', 10, [turn('t1', 1, { answer: 'something else' })]), title: 'Kotlin coroutines' });
  await store.save(conversation('c', 40, [turn('t1', 1, { answer: 'one kotlin' })]));
  await store.save(conversation('d', 20, [turn('t1', 1, { answer: 'one kotlin' })]));
  const hits = await new HistorySearch(store).search('kotlin');
  assert.deepEqual(hits.map((h) => [h.entry.id, h.field, h.matches]), [['b', 'title', 1], ['a', 'answer', 3], ['c', 'answer', 1], ['d', 'answer', 1]]);
  assert.equal(hits[0]!.snippet, 'Kotlin coroutines');
  assert.equal(hits[0]!.turnId, undefined);
});

test('a long field gives a snippet of about 80 characters around the match, with ellipses', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join('  \n ');
  await store.save(conversation('long', 1, [turn('t1', 1, { answer: `${filler(60)} needle ${filler(60)}` })]));
  const [hit] = await new HistorySearch(store).search('NEEDLE');
  assert.ok(hit);
  assert.match(hit.snippet, /^….* needle .*…$/);
  assert.ok(hit.snippet.length <= 84, hit.snippet);
  assert.ok(hit.snippet.length >= 60, hit.snippet);
  assert.doesNotMatch(hit.snippet, /\s\s|\n/);
  // The match sits near the start: a little context before it, most after.
  assert.ok(hit.snippet.indexOf('needle') < 30, hit.snippet);
});

test('a second search reads no conversation; a changed one is read again, a deleted one dropped', async () => {
  const { store } = await seeded();
  const history = counted(store);
  const search = new HistorySearch(history);
  await search.search('stream');
  assert.deepEqual(history.loads.sort(), ['new', 'old']);

  history.loads.length = 0;
  assert.equal((await search.search('river')).length, 1);
  assert.deepEqual(history.loads, []);

  // Another turn in "old": only "old" is read again, and the new word is found.
  const old = (await store.load('old'))!;
  old.turns.push(turn('t3', 3, { answer: 'Backpressure is the word.' }));
  old.updatedAt = 30;
  await store.save(old, ['t3']);
  assert.deepEqual((await search.search('backpressure')).map((h) => [h.entry.id, h.turnId]), [['old', 't3']]);
  assert.deepEqual(history.loads, ['old']);

  history.loads.length = 0;
  await store.delete('new');
  assert.deepEqual(await search.search('river'), []);
  assert.deepEqual(history.loads, []);
});

test('warm fills the cache; invalidate makes the next search read that conversation again', async () => {
  const { store } = await seeded();
  const history = counted(store);
  const search = new HistorySearch(history);
  await search.warm();
  assert.equal(history.loads.length, 2);
  history.loads.length = 0;
  await search.search('river');
  assert.deepEqual(history.loads, []);
  search.invalidate('new');
  assert.equal((await search.search('river')).length, 1);
  assert.deepEqual(history.loads, ['new']);
});

test('a conversation that cannot be read is skipped; the others are still found', async () => {
  const { dir } = await seeded();
  const failing = new HistoryStore(dir, {
    fs: {
      readFile: async (path, encoding) => {
        if (path.includes(join('old', 'turn-t2'))) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        const { promises } = await import('node:fs');
        return promises.readFile(path, encoding);
      },
    },
  });
  await failing.save(conversation('broken', 30, [turn('t1', 1, { answer: 'the river again' })]));
  writeFileSync(join(dir, 'broken', 'meta.json'), 'not json');
  const hits = await new HistorySearch(failing).search('the');
  // "old" fails with an I/O error, "broken" is corrupt (set aside by the store): neither stops the search.
  assert.deepEqual(hits.map((h) => h.entry.id), ['new']);
});

test('a conversation without turns can match by its title; text past the cap is not searched', async () => {
  const store = new HistoryStore(tempDir());
  await store.save({ ...conversation('empty', 1, []), title: 'Empty but named' });
  const long = `${'a'.repeat(MAX_TEXT_PER_CONVERSATION - 20)} early ${'b'.repeat(100)} late`;
  await store.save(conversation('huge', 2, [turn('t1', 1, { question: 'Q', answer: long })]));
  const search = new HistorySearch(store);
  assert.deepEqual((await search.search('named')).map((h) => [h.entry.id, h.field]), [['empty', 'title']]);
  assert.deepEqual((await search.search('early')).map((h) => h.entry.id), ['huge']);
  assert.deepEqual(await search.search('late'), []);
});

test('limit caps the hits; an aborted search rejects with the reason', async () => {
  const dir = tempDir();
  const store = new HistoryStore(dir);
  for (let i = 0; i < 12; i++) await store.save(conversation(`c${i}`, i, [turn('t1', 1, { answer: `common word ${i}` })]));
  const search = new HistorySearch(store);
  const hits = await search.search('common', { limit: 5 });
  assert.deepEqual(hits.map((h) => h.entry.id), ['c11', 'c10', 'c9', 'c8', 'c7']);
  assert.equal((await search.search('common')).length, 12);

  const controller = new AbortController();
  controller.abort(new Error('typed on'));
  await assert.rejects(search.search('common', { signal: controller.signal }), /typed on/);

  // Aborted while reading: stops without reading every conversation.
  const history = counted(store);
  const midway = new AbortController();
  const slow: SearchableHistory = {
    list: () => history.list(),
    load: async (id) => {
      if (history.loads.length === 3) midway.abort();
      return history.load(id);
    },
  };
  await assert.rejects(new HistorySearch(slow).search('common', { signal: midway.signal }), { name: 'AbortError' });
  assert.ok(history.loads.length < 12, `${history.loads.length} loads`);
  // The search that was aborted left nothing broken behind.
  assert.equal((await new HistorySearch(history).search('common')).length, 12);
});

test('a word found inside a long word: the snippet is cut around the word, not the start of the long word', async () => {
  const store = new HistoryStore(tempDir());
  const filler = 'one two three four five six seven eight nine ten '.repeat(4);
  await store.save(conversation('x', 1, [turn('t1', 1, { answer: `${filler}${'z'.repeat(300)}needle${'y'.repeat(10)} tail` })]));
  const [hit] = await new HistorySearch(store).search('NEEDLE');
  assert.equal(hit?.snippet, `…${'z'.repeat(59)}needle${'y'.repeat(10)} tail`);
});
