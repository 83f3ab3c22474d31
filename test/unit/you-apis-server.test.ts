import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AgentError } from '../../src/core/errors';
import { collectRun, type RunEvent } from '../../src/core/events';
import { answerRun } from '../../src/core/you/answer';
import { pageMarkdown } from '../../src/core/you/contents';
import type { YouApiAccess } from '../../src/core/you/jsonCall';
import { webSearch } from '../../src/core/you/search';
import { startYouServer, type YouTestServer } from '../servers/you-server';

/**
 * The Answer, Search and Contents clients against the local You.com test server (127.0.0.1):
 * what they send (path, X-API-Key, body), what they make of the answers, and every error the
 * sheet lists (401, 403 "Missing required scopes", 402 with a trusted or a foreign link, 422
 * detail lists, 429 with Retry-After or X-RateLimit-Reset), with the key in no message.
 */

const KEY = 'FAKE-not-a-key-apis-server-0123456789';
let server: YouTestServer;
const noRetry = { connectTimeoutMs: 10_000, idleTimeoutMs: 10_000, retry: { maxRetries: 0, initialDelayMs: 1, exponent: 1, maxDelayMs: 1, maxTotalWaitMs: 0 } };

before(async () => {
  server = await startYouServer({ apiKey: KEY });
});
after(() => server?.close());

/** Access to the test server on both origins; `scenario` goes as an x-scenario header (Contents has no text to carry it); waits are recorded, not slept. */
function access(options: { scenario?: string; key?: string } = {}): { access: YouApiAccess; waits: number[] } {
  const waits: number[] = [];
  const withScenario: typeof fetch = (input, init) =>
    fetch(input, options.scenario ? { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-scenario': options.scenario } } : init);
  return {
    waits,
    access: {
      origins: { api: server.url, search: server.url },
      apiKey: options.key ?? KEY,
      policy: noRetry,
      net: { fetch: withScenario, sleep: async (ms) => void waits.push(ms) },
    },
  };
}

const since = (count: number) => server.requests.slice(count);

describe('what the clients send and make of the answers', () => {
  test('Answer: POST /v1/answer with {query} and X-API-Key; a status while it waits, then sources with excerpts and the linked answer', async () => {
    const count = server.requests.length;
    const summary = await collectRun(answerRun(access().access, 'What is SSE?'));
    assert.equal(summary.outcome, 'done', summary.error?.message);
    const [request] = since(count);
    assert.deepEqual([request!.method, request!.path, request!.body], ['POST', '/v1/answer', { query: 'What is SSE?' }]);
    assert.equal(request!.headers['x-api-key'], KEY);
    assert.equal(request!.headers.authorization, undefined);
    const kinds = summary.events.map((e: RunEvent) => (e.type === 'progress' && e.kind === 'status' ? e.status : e.type));
    assert.deepEqual(kinds, ['started', 'answer-waiting', 'citations', 'text', 'done'], 'progress shows until the whole answer is there');
    assert.equal(summary.citations.length, 2);
    for (const c of summary.citations) {
      assert.ok(c.title && c.title !== c.host, 'titled from the web results');
      assert.ok(c.snippet.length > 0, 'the excerpts are the snippet');
      assert.ok(summary.text.includes(`[[${c.index}]](<${c.url}>)`), `marker ${c.index} links its source`);
    }
  });

  test('Search: POST /v1/search with query, count and freshness on the search origin; results with titles, URLs and snippets', async () => {
    const count = server.requests.length;
    const results = await webSearch(access().access, { query: 'sse reconnect', count: 2, freshness: 'month' });
    assert.deepEqual(since(count).map((r) => [r.method, r.path, r.body]), [['POST', '/v1/search', { query: 'sse reconnect', count: 2, freshness: 'month' }]]);
    assert.equal(results.length, 2);
    for (const r of results) assert.ok(r.title && /^https:\/\//.test(r.url) && r.snippets.length > 0, JSON.stringify(r));
  });

  test('Contents: POST /v1/contents asking for Markdown; each page in the order asked', async () => {
    const count = server.requests.length;
    const pages = await pageMarkdown(access().access, ['https://example.com/one', 'https://example.com/two']);
    assert.deepEqual(since(count)[0]!.body, { urls: ['https://example.com/one', 'https://example.com/two'], formats: ['markdown'] });
    assert.deepEqual(pages.map((p) => p.url), ['https://example.com/one', 'https://example.com/two']);
    assert.ok(pages.every((p) => p.markdown.includes('Demo page content.') && !p.truncated));
  });
});

describe('every error, worded, the key in none', () => {
  const calls = {
    Answer: async (a: YouApiAccess) => {
      const summary = await collectRun(answerRun(a, 'q'));
      if (summary.error) throw summary.error;
    },
    Search: (a: YouApiAccess) => webSearch(a, { query: 'q' }),
    Contents: (a: YouApiAccess) => pageMarkdown(a, ['https://example.com/p']),
  };

  async function failure(product: keyof typeof calls, options: { scenario?: string; key?: string }): Promise<{ error: AgentError; waits: number[] }> {
    const { access: a, waits } = access(options);
    try {
      await calls[product](a);
    } catch (err) {
      const error = err as AgentError;
      assert.ok(!error.message.includes(KEY) && !(error.detail ?? '').includes(KEY), 'no key in the error');
      return { error, waits };
    }
    assert.fail(`${product} ${JSON.stringify(options)} did not fail`);
  }

  for (const product of ['Answer', 'Search', 'Contents'] as const) {
    test(`${product}: 401, 403 scopes naming the product, 402 with only a you.com https link, 422 details`, async () => {
      const unauthorized = await failure(product, { key: 'FAKE-wrong-key' });
      assert.equal(unauthorized.error.status, 401);
      assert.equal(unauthorized.error.action.kind, 'set-key');

      const scope = await failure(product, { scenario: 'r-403-scope' });
      assert.deepEqual(scope.error.reason, { code: 'missing-scope', service: `You.com ${product}`, product });
      assert.match(scope.error.message, new RegExp(product));

      const trusted = await failure(product, { scenario: 'r-402' });
      assert.deepEqual(trusted.error.action, { kind: 'add-credits', url: 'https://you.com/platform/upgrade' });
      const foreign = await failure(product, { scenario: 'r-402-foreign-link' });
      assert.deepEqual(foreign.error.action, { kind: 'add-credits', url: undefined });

      const invalid = await failure(product, { scenario: 'r-422' });
      assert.equal(invalid.error.status, 422);
      assert.match(invalid.error.message, /body\.research_effort: Input should be/);
    });

    test(`${product}: 429 waits once for Retry-After and asks again; a second 429 is reported with its wait`, async () => {
      const always = await failure(product, { scenario: 'r-429' });
      assert.deepEqual(always.waits, [1_000]);
      assert.deepEqual(always.error.action, { kind: 'wait', seconds: 1 });

      // The server counts attempts per path and text: a fresh one, so this is the first.
      const fresh = await startYouServer({ apiKey: KEY });
      try {
        const { access: a, waits } = access({ scenario: 'r-429-once' });
        await calls[product]({ ...a, origins: { api: fresh.url, search: fresh.url } });
        assert.deepEqual(waits, [1_000]);
        assert.equal(fresh.requests.length, 2, 'asked exactly twice');
      } finally {
        await fresh.close();
      }
    });
  }

  test('429 without Retry-After waits until X-RateLimit-Reset (a Unix time); Answer shows the wait as a status', async () => {
    const { access: a, waits } = access({ scenario: 'r-429-reset-once' });
    const summary = await collectRun(answerRun(a, 'q reset'));
    assert.equal(summary.outcome, 'done', summary.error?.message);
    assert.equal(waits.length, 1);
    assert.ok(waits[0]! >= 0 && waits[0]! <= 2_000, `waited ${waits[0]} ms`);
    assert.ok(summary.events.some((e) => e.type === 'progress' && e.kind === 'status' && e.status === 'rate-limited'));
  });
});
