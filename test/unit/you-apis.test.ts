import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { AgentError } from '../../src/core/errors';
import { collectRun } from '../../src/core/events';
import { answerRequest, answerRun, citedAnswer, linkMarkers, MAX_ANSWER_QUERY } from '../../src/core/you/answer';
import { contentsRequest, pageContents, pageMarkdown } from '../../src/core/you/contents';
import type { YouApiAccess } from '../../src/core/you/jsonCall';
import { searchRequest, searchResults, webSearch } from '../../src/core/you/search';

/**
 * The Answer, Search and Contents clients without a server: request checks, the mapping of their
 * bodies (citations and excerpts, results, pages), the bounds on what they return, and where the
 * key goes (a seeded fast-check property over pairs of origins, on a recording fetch).
 */

const KEY = 'FAKE-not-a-key-apis-0123456789';
const noRetry = { connectTimeoutMs: 5_000, idleTimeoutMs: 5_000, retry: { maxRetries: 0, initialDelayMs: 1, exponent: 1, maxDelayMs: 1, maxTotalWaitMs: 0 } };

describe('Answer: the cited answer and its sources', () => {
  const body = {
    answer: 'SSE pushes events [[1]]; clients reconnect [[1, 2]]. Unknown [[7]] and [4] stay; a link [[2]](https://b.example/) stays. Push [3].',
    citations: [
      { source: 'https://a.example/sse', excerpts: ['First excerpt.', '  ', 'Second excerpt.'] },
      { source: 'https://b.example/', excerpts: [] },
      { source: 'https://en.wikipedia.org/wiki/Push_(technology)', excerpts: ['Push.'] },
      { source: 'javascript:alert(1)', excerpts: ['x'] },
    ],
    results: { web: [{ url: 'https://a.example/sse', title: 'Using SSE' }] },
  };

  test('citations are numbered in order, titled from the web results (else the host), excerpts as the snippet; other schemes are dropped', () => {
    const { citations } = citedAnswer(body);
    assert.deepEqual(
      citations.map((c) => [c.index, c.url, c.title, c.snippet, c.host]),
      [
        [1, 'https://a.example/sse', 'Using SSE', 'First excerpt. … Second excerpt.', 'a.example'],
        [2, 'https://b.example/', 'b.example', '', 'b.example'],
        [3, 'https://en.wikipedia.org/wiki/Push_(technology)', 'en.wikipedia.org', 'Push.', 'en.wikipedia.org'],
      ],
    );
    assert.deepEqual(citations[0]!.snippets, ['First excerpt.', 'Second excerpt.'], 'each excerpt is a snippet of its own');
  });

  test('markers become links to their sources, each number its own link; unknown numbers and existing links stay as written', () => {
    const { markdown } = citedAnswer(body);
    assert.equal(
      markdown,
      'SSE pushes events [[1]](<https://a.example/sse>); clients reconnect [[1]](<https://a.example/sse>)[[2]](<https://b.example/>). ' +
        'Unknown [[7]] and [4] stay; a link [[2]](https://b.example/) stays. Push [[3]](<https://en.wikipedia.org/wiki/Push_(technology)>).',
    );
    assert.equal(linkMarkers('[1] and [2]', new Map([[1, 'https://x.example/']])), '[[1]](https://x.example/) and [2]');
  });

  test('marker linking is linear in hostile text (no backtracking blow-up)', () => {
    const hostile = `${'[[1, '.repeat(20_000)}${'[1'.repeat(20_000)}`;
    const small = hostile.slice(0, hostile.length / 8);
    const time = (text: string) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 3; i++) linkMarkers(text, new Map([[1, 'https://x.example/']]));
      return Number(process.hrtime.bigint() - start);
    };
    time(small);
    // 8× the text may cost at most ~40× the time: only a super-linear algorithm breaks this.
    assert.ok(time(hostile) < Math.max(time(small), 1e6) * 40);
  });

  test('the query is checked before anything is sent: empty, or longer than the API takes', () => {
    assert.deepEqual(answerRequest('  what is SSE?  '), { query: 'what is SSE?' });
    assert.throws(() => answerRequest('   '), (e: AgentError) => e.reason.code === 'empty-question');
    assert.throws(
      () => answerRequest('x'.repeat(MAX_ANSWER_QUERY + 1)),
      (e: AgentError) => e.reason.code === 'invalid-input' && /at most 400 characters/.test(e.message),
    );
  });

  test('a body without an answer is a protocol error, not an empty answer', async () => {
    const access = recording(() => json(200, { citations: [] })).access;
    const summary = await collectRun(answerRun(access, 'q'));
    assert.equal(summary.outcome, 'error');
    assert.equal(summary.error?.reason.code, 'protocol');
  });
});

describe('Search: the request and the results', () => {
  test('count and freshness are checked as the API takes them', () => {
    assert.deepEqual(searchRequest({ query: ' sse ' }), { query: 'sse', count: 5 });
    assert.deepEqual(searchRequest({ query: 'sse', count: 20, freshness: 'week' }), { query: 'sse', count: 20, freshness: 'week' });
    assert.deepEqual(searchRequest({ query: 'sse', freshness: '2026-01-01to2026-02-01' }).freshness, '2026-01-01to2026-02-01');
    for (const bad of [{ count: 0 }, { count: 21 }, { count: 2.5 }, { freshness: 'fortnight' }, { freshness: '2026-02-01to2026-01-01' }]) {
      assert.throws(() => searchRequest({ query: 'sse', ...bad }), (e: AgentError) => e.reason.code === 'invalid-input', JSON.stringify(bad));
    }
  });

  test('web results then news, each URL once, only http(s), at most count; texts cut to their bounds', () => {
    const long = 'word '.repeat(2_000);
    const body = {
      results: {
        web: [
          { url: 'https://a.example/', title: 'A', description: long, snippets: [long, 'two', 'three', 'four', 7], page_age: '2026-01-15T00:00:00' },
          { url: 'https://a.example/', title: 'A again' },
          { url: 'ftp://files.example/x', title: 'FTP' },
          { url: 'https://b.example/', title: '' },
        ],
        news: [{ url: 'https://news.example/n', title: 'News' }],
      },
    };
    const results = searchResults(body, 3);
    assert.deepEqual(results.map((r) => [r.url, r.title]), [['https://a.example/', 'A'], ['https://b.example/', 'https://b.example/'], ['https://news.example/n', 'News']]);
    assert.equal(results[0]!.snippets.length, 3);
    assert.ok(results[0]!.description.length <= 1_000 && results[0]!.description.endsWith('…'));
    assert.equal(results[0]!.age, '2026-01-15T00:00:00');
    assert.equal(searchResults(body, 1).length, 1);
    assert.deepEqual(searchResults({ results: 'nope' }, 5), []);
  });

  test('a server that refuses POST (404/405) is asked with GET and the same fields (the sheet: sources disagree on the method)', async () => {
    const server = recording((request) => (request.method === 'POST' ? json(405, { detail: 'Method Not Allowed' }) : json(200, { results: { web: [{ url: 'https://a.example/', title: 'A' }] } })));
    const results = await webSearch(server.access, { query: 'sse', count: 3, freshness: 'day' });
    assert.equal(results.length, 1);
    assert.deepEqual(server.requests.map((r) => r.method), ['POST', 'GET']);
    assert.equal(new URL(server.requests[1]!.url).search, '?query=sse&count=3&freshness=day');
    assert.equal(server.requests[1]!.headers['X-API-Key'], KEY);
  });
});

describe('Contents: pages as Markdown, bounded', () => {
  test('URLs: each once, 1 to 10, http(s) without user info', () => {
    assert.deepEqual(contentsRequest(['https://a.example/?q=1', 'https://a.example/?q=1', ' http://b.example/ ']).urls, ['https://a.example/?q=1', 'http://b.example/']);
    for (const bad of [[], ['javascript:alert(1)'], ['https://user:pw@a.example/'], Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`)]) {
      assert.throws(() => contentsRequest(bad), (e: AgentError) => e.reason.code === 'invalid-input' && !e.message.includes('pw@'), JSON.stringify(bad));
    }
  });

  test('pages share the character budget: a short page stays whole, long ones are cut evenly and say so', () => {
    const body = [
      { url: 'https://long1.example/', title: 'Long 1', markdown: 'a'.repeat(50_000) },
      { url: 'https://short.example/', title: 'Short', markdown: 'short page' },
      { url: 'https://long2.example/', title: 'Long 2', markdown: 'b'.repeat(50_000) },
    ];
    const asked = ['https://short.example/', 'https://long1.example/', 'https://long2.example/', 'https://missing.example/'];
    const pages = pageContents(body, asked, 10_000);
    assert.deepEqual(pages.map((p) => p.url), asked, 'in the order asked');
    assert.equal(pages[0]!.markdown, 'short page');
    assert.equal(pages[0]!.truncated, false);
    const total = pages.reduce((n, p) => n + p.markdown.length, 0);
    assert.ok(total <= 10_000, `total ${total}`);
    assert.ok(pages[1]!.truncated && pages[2]!.truncated);
    assert.ok(Math.abs(pages[1]!.markdown.length - pages[2]!.markdown.length) <= 1);
    assert.deepEqual([pages[3]!.markdown, pages[3]!.title], ['', 'https://missing.example/']);
  });

  test('a body past the byte cap is refused before it is parsed', async () => {
    const huge = JSON.stringify([{ url: 'https://a.example/', markdown: 'x'.repeat(17 * 1024 * 1024) }]);
    const server = recording(() => new Response(huge, { status: 200, headers: { 'Content-Type': 'application/json' } }));
    await assert.rejects(pageMarkdown(server.access, ['https://a.example/']), (e: AgentError) => e.reason.code === 'too-large');
  });
});

describe('the key goes to its endpoint\'s origin and nowhere else', () => {
  const host = fc.constantFrom('api.you.com', 'ydc-index.io', 'proxy.corp.example', 'you.com.evil.example', 'localhost', '127.0.0.1');
  const port = fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined });
  const origin = fc.record({ host, port, https: fc.boolean() }).map(({ host, port, https }) => {
    const loopback = host === 'localhost' || host === '127.0.0.1';
    return `${https || !loopback ? 'https' : 'http'}://${host}${port ? `:${port}` : ''}`;
  });
  const redirectTo = fc.option(origin, { nil: undefined });

  test('Answer to the API origin, Search and Contents to the search origin; a redirect is never followed (seeded property)', async () => {
    await fc.assert(
      fc.asyncProperty(origin, origin, redirectTo, async (api, search, redirect) => {
        const server = recording((request) =>
          redirect ? new Response(null, { status: 302, headers: { Location: `${redirect}/v1/x` } }) : json(200, routeBody(new URL(request.url).pathname)),
        );
        const access: YouApiAccess = { ...server.access, origins: { api, search } };
        await collectRun(answerRun(access, 'what is SSE?'));
        await webSearch(access, { query: 'sse' }).catch(() => undefined);
        await pageMarkdown(access, ['https://a.example/']).catch(() => undefined);
        const [apiOrigin, searchOrigin] = [new URL(api).origin, new URL(search).origin];
        const expected: Record<string, string> = { '/v1/answer': apiOrigin, '/v1/search': searchOrigin, '/v1/contents': searchOrigin };
        assert.equal(server.requests.length, 3, 'one request per call: no redirect followed, no retry');
        for (const request of server.requests) {
          const url = new URL(request.url);
          assert.equal(url.origin, expected[url.pathname], request.url);
          assert.equal(request.headers['X-API-Key'], KEY);
          assert.equal(request.headers.Authorization, undefined, 'these APIs take X-API-Key only');
        }
      }),
      { seed: 0x19_70_01, numRuns: 120 },
    );
  });
});

function routeBody(path: string): unknown {
  if (path === '/v1/answer') return { answer: 'ok [[1]]', citations: [{ source: 'https://a.example/', excerpts: ['e'] }] };
  if (path === '/v1/search') return { results: { web: [] } };
  return [];
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** A fetch that records every request and answers with `answer`; no network. */
function recording(answer: (request: Recorded) => Response): { access: YouApiAccess; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = { url: String(input), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) } };
    requests.push(request);
    return answer(request);
  }) as typeof fetch;
  return {
    requests,
    access: {
      origins: { api: 'https://api.you.com', search: 'https://ydc-index.io' },
      apiKey: KEY,
      policy: noRetry,
      net: { fetch: fetchStub, sleep: async () => undefined },
    },
  };
}
