import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentError } from '../../src/core/errors';
import {
  contentsConfirmation,
  contentsOutput,
  contentsToolInput,
  searchConfirmation,
  searchOutput,
  searchToolInput,
} from '../../src/host/common/nativeChat/searchTools';

/** The search and contents tools' input checks, confirmations and output for a model (no vscode). */

test('tool inputs: a query with optional integer count and string freshness; urls as a list or one string', () => {
  assert.deepEqual(searchToolInput({ query: ' sse ', count: 3, freshness: 'week' }), { query: 'sse', count: 3, freshness: 'week' });
  assert.deepEqual(searchToolInput({ query: 'sse' }), { query: 'sse' });
  const bads: unknown[] = [undefined, {}, { query: '  ' }, { query: 'q', count: '3' }, { query: 'q', count: 500 }];
  bads.push({ query: 'q', freshness: 7 }, { query: 'q', freshness: 'soon' });
  for (const bad of bads) {
    assert.throws(() => searchToolInput(bad), (e: AgentError) => ['empty-question', 'invalid-input'].includes(e.reason.code), JSON.stringify(bad));
  }
  assert.deepEqual(contentsToolInput({ urls: 'https://a.example/' }), ['https://a.example/']);
  assert.deepEqual(contentsToolInput({ urls: ['https://a.example/', 'https://b.example/'] }), ['https://a.example/', 'https://b.example/']);
  for (const bad of [{}, { urls: [] }, { urls: [1] }, null]) assert.throws(() => contentsToolInput(bad), JSON.stringify(bad));
});

test('the confirmations show exactly what is sent and where, hidden characters written out and named', () => {
  const search = searchConfirmation({ query: 'rust\u202Egnp.exe ```x```', count: 3, freshness: 'day' }, 'ydc-index.io');
  assert.match(search.message, /You\.com Search at ydc-index\.io/);
  assert.match(search.message, /⟨U\+202E⟩/);
  assert.match(search.message, /invisible or reordering characters/);
  assert.match(search.message, /````text\n/, 'the fence is longer than any backtick run in the text');
  assert.match(search.message, /^This exact text goes to You\.com Search at ydc-index\.io \(results: 3, freshness: day\):/);
  const contents = contentsConfirmation(['https://a.example/', 'https://b.example/x?y=1'], 'ydc-index.io');
  assert.match(contents.message, /You\.com Contents at ydc-index\.io/);
  assert.match(contents.message, /https:\/\/a\.example\/\nhttps:\/\/b\.example\/x\?y=1/);
});

test('search output: linked titles, age, description and snippets, escaped; cut to whole results within the bound', () => {
  const results = Array.from({ length: 20 }, (_, i) => ({
    title: `Title *${i}*`,
    url: `https://s${i}.example/a(b)`,
    description: 'd'.repeat(800),
    snippets: ['<script>x</script>'],
    age: '2026-01-01',
  }));
  const all = searchOutput('q', results, 1_000_000);
  assert.match(all, /^Web results for: q\n\n1\. \[Title \\\*0\\\*\]\(https:\/\/s0\.example\/a%28b%29\) \(2026-01-01\)\n {3}d+\n {3}> &lt;script&gt;x&lt;\/script&gt;/);
  const cut = searchOutput('q', results, 5_000);
  assert.ok(cut.length <= 5_000, String(cut.length));
  assert.match(cut, /\[\d+ of 20 results shown\.\]$/);
  assert.equal(searchOutput('nothing', []), 'No web results for: nothing');
});

test('contents output: each page with its title and address; a cut page says so; an empty one says it', () => {
  const text = contentsOutput([
    { url: 'https://a.example/', title: 'A [page]', markdown: 'Intro\n\ntext', truncated: true },
    { url: 'https://b.example/', title: 'B', markdown: '', truncated: false },
    { url: 'https://c.example/', title: 'C', markdown: '# C, its own heading\n\nbody', truncated: false },
  ]);
  assert.match(text, /^# A \\\[page\\\]\n\n<https:\/\/a\.example\/>\n\nIntro\n\ntext\n\n\[Page cut to 11 characters\.\]/);
  assert.match(text, /---\n\n# B\n\n<https:\/\/b\.example\/>\n\n\(No readable content was returned for this page\.\)\n/);
  assert.match(text, /---\n\n<https:\/\/c\.example\/>\n\n# C, its own heading\n\nbody$/, 'a page with its own heading is not given a second one');
});
