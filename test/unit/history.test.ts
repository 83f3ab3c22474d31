import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { conversationToMarkdown } from '../../src/core/exportMarkdown';
import { HistoryCorrupt, HistoryStore } from '../../src/core/history';
import type { Conversation } from '../../src/shared/messages';

function conversation(id: string, updatedAt: number): Conversation {
  return {
    id,
    title: `Chat ${id}`,
    createdAt: 1,
    updatedAt,
    turns: [
      {
        id: 't1',
        question: 'What is SSE?',
        agentId: 'you:advanced',
        agentLabel: 'Advanced',
        answer: 'SSE is a stream [[1]](https://example.com/a).',
        citations: [{ index: 1, url: 'https://example.com/a', title: 'A [guide]', snippet: 'About SSE', host: 'example.com' }],
        status: 'done',
        startedAt: 1,
      },
    ],
  };
}

test('save then load round-trips; list is newest first; delete removes', async () => {
  const store = new HistoryStore(join(mkdtempSync(join(tmpdir(), 'hist-')), 'history'));
  await store.save(conversation('a', 10));
  await store.save(conversation('b', 20));
  assert.deepEqual(await store.load('a'), conversation('a', 10));
  assert.deepEqual((await store.list()).conversations.map((c) => c.id), ['b', 'a']);
  await store.delete('a');
  assert.equal(await store.load('a'), undefined);
  assert.deepEqual((await store.list()).conversations.map((c) => c.id), ['b']);
});

test('writes are atomic: concurrent saves leave one whole file and no temp files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hist-'));
  const store = new HistoryStore(dir);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(conversation('same', i))));
  assert.deepEqual(readdirSync(dir), ['same.json']);
  assert.equal((JSON.parse(readFileSync(join(dir, 'same.json'), 'utf8')) as Conversation).updatedAt, 19);
});

test('a corrupt file is set aside with a warning, never a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hist-'));
  const store = new HistoryStore(dir);
  await store.save(conversation('good', 5));
  writeFileSync(join(dir, 'bad.json'), '{"id": "bad", "turns": [');
  writeFileSync(join(dir, 'wrong.json'), '{"id": "wrong", "title": 3}');
  const listed = await store.list();
  assert.deepEqual(listed.conversations.map((c) => c.id), ['good']);
  assert.deepEqual(listed.setAside.sort(), ['bad.json', 'wrong.json']);
  assert.equal(readdirSync(dir).filter((n) => n.endsWith('.corrupt')).length, 2);
  writeFileSync(join(dir, 'broken.json'), 'not json');
  await assert.rejects(store.load('broken'), HistoryCorrupt);
  assert.ok(readdirSync(dir).some((n) => n.startsWith('broken.json.') && n.endsWith('.corrupt')));
});

test('ids that could escape the folder are refused', async () => {
  const store = new HistoryStore(mkdtempSync(join(tmpdir(), 'hist-')));
  await assert.rejects(store.load('../etc/passwd'));
});

test('export: Markdown with question, agent, answer and numbered sources', () => {
  const md = conversationToMarkdown(conversation('x', Date.parse('2026-11-22T10:00:00Z')));
  assert.match(md, /^# Chat x\n/);
  assert.match(md, /## What is SSE\?\n\n\*\*Agent:\*\* Advanced\n\nSSE is a stream \[\[1\]\]\(https:\/\/example\.com\/a\)\./);
  assert.match(md, /### Sources\n\n1\. \[A \\\[guide\\\]\]\(https:\/\/example\.com\/a\) — About SSE\n$/);
});
