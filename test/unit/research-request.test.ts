import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AgentError, httpError } from '../../src/core/errors';
import { researchProblemText } from '../../src/core/errorText';
import { DEFAULT_YOU_ORIGINS, YOU_ENDPOINTS, youRequest, type YouEndpoint } from '../../src/core/you/endpoints';
import { rateLimitWaitSeconds } from '../../src/core/you/rateLimit';
import {
  BACKGROUND_EFFORTS,
  buildResearchRequest,
  checkQuestion,
  checkSourceControl,
  isFreshness,
  RESEARCH_EFFORTS,
  RESEARCH_PRICES,
  researchPrice,
  runsInBackground,
} from '../../src/core/you/research';
import { parseResearchTask, serializeResearchTask, type ResearchTaskRecord } from '../../src/core/you/researchTask';
import { parseSubmitted, parseTask, streamEventKind } from '../../src/core/you/researchWire';

const KEY = 'FAKE-not-a-key-research-0001';

describe('price table and efforts', () => {
  test('one call costs what the sheet says, $0.012 to $1.20', () => {
    assert.deepEqual(
      RESEARCH_EFFORTS.map((e) => [e, researchPrice(e)]),
      [
        ['lite', 0.012],
        ['standard', 0.05],
        ['deep', 0.1],
        ['exhaustive', 0.45],
        ['frontier', 1.2],
      ],
    );
    for (const effort of RESEARCH_EFFORTS) assert.ok(Math.abs(RESEARCH_PRICES[effort].usdPer1000 / 1000 - researchPrice(effort)) < 1e-9, effort);
  });

  test('deep, exhaustive and frontier go to the background by default; frontier always; others on request', () => {
    assert.deepEqual(BACKGROUND_EFFORTS, ['deep', 'exhaustive', 'frontier']);
    assert.deepEqual(
      RESEARCH_EFFORTS.map((e) => runsInBackground(e)),
      [false, false, true, true, true],
    );
    assert.equal(runsInBackground('frontier', false), true, 'a sync frontier call is a 422');
    assert.equal(runsInBackground('lite', true), true);
    assert.equal(runsInBackground('deep', false), false);
  });
});

describe('request mapping', () => {
  test('question, effort, background and source control become the wire body', () => {
    assert.deepEqual(buildResearchRequest({ question: 'q', effort: 'standard' }), { input: 'q', research_effort: 'standard' });
    assert.deepEqual(
      buildResearchRequest({
        question: 'q',
        effort: 'deep',
        sourceControl: { excludeDomains: ['spam.example'], boostDomains: ['nodejs.org'], freshness: 'month', country: 'DE' },
      }),
      {
        input: 'q',
        research_effort: 'deep',
        background: true,
        source_control: { exclude_domains: ['spam.example'], boost_domains: ['nodejs.org'], freshness: 'month', country: 'DE' },
      },
    );
    assert.deepEqual(buildResearchRequest({ question: 'q', effort: 'lite', sourceControl: { includeDomains: [] } }), { input: 'q', research_effort: 'lite' });
  });

  test('the question must be non-empty and at most 40,000 characters', () => {
    assert.deepEqual(checkQuestion('  \n'), [{ code: 'empty-question' }]);
    assert.deepEqual(checkQuestion('x'.repeat(40_000)), []);
    assert.deepEqual(checkQuestion('x'.repeat(40_001)), [{ code: 'question-too-long', length: 40_001, max: 40_000 }]);
  });
});

describe('source control validation', () => {
  test('valid settings pass through, trimmed and normalised', () => {
    const checked = checkSourceControl({ includeDomains: [' Example.COM ', 'docs.python.org'], freshness: '2026-01-01to2026-06-30', country: 'us' });
    assert.deepEqual(checked, {
      sourceControl: { includeDomains: ['example.com', 'docs.python.org'], freshness: '2026-01-01to2026-06-30', country: 'US' },
      problems: [],
    });
    assert.deepEqual(checkSourceControl({ excludeDomains: ['a.example'], boostDomains: ['b.example'] }).problems, [], 'exclude with boost is allowed');
    assert.deepEqual(checkSourceControl(undefined), { problems: [] });
  });

  test('includeDomains with excludeDomains or boostDomains is refused, and none of the lists is sent', () => {
    const checked = checkSourceControl({ includeDomains: ['a.example'], excludeDomains: ['b.example'], boostDomains: ['c.example'], country: 'FR' });
    assert.deepEqual(checked.problems, [
      { code: 'domains-combined', with: 'excludeDomains' },
      { code: 'domains-combined', with: 'boostDomains' },
    ]);
    assert.deepEqual(checked.sourceControl, { country: 'FR' });
    assert.match(researchProblemText(checked.problems[0]!), /includeDomains cannot be combined with excludeDomains/);
  });

  test('bad domains, lists, freshness and country each get a message; the good parts stay', () => {
    const checked = checkSourceControl({
      excludeDomains: ['https://x.example/path', 'ok.example', 42, '-bad.example'],
      boostDomains: 'nodejs.org',
      freshness: 'fortnight',
      country: 'USA',
    });
    assert.deepEqual(checked.sourceControl, { excludeDomains: ['ok.example'] });
    assert.deepEqual(
      checked.problems.map((p) => p.code),
      ['bad-domain', 'bad-domain', 'bad-domain', 'not-a-list', 'bad-freshness', 'bad-country'],
    );
    const texts = checked.problems.map((p) => researchProblemText(p));
    assert.match(texts[0]!, /"https:\/\/x\.example\/path" in excludeDomains is not a domain name/);
    assert.match(texts[4]!, /freshness "fortnight" must be day, week, month, year or YYYY-MM-DDtoYYYY-MM-DD/);
    assert.match(texts[5]!, /country "USA" must be a two-letter code/);
  });

  test('more than 500 domains in a list is refused', () => {
    const many = Array.from({ length: 501 }, (_, i) => `d${i}.example`);
    assert.deepEqual(checkSourceControl({ boostDomains: many }).problems, [{ code: 'too-many-domains', field: 'boostDomains', count: 501, max: 500 }]);
    assert.deepEqual(checkSourceControl({ boostDomains: many.slice(0, 500) }).problems, []);
  });

  test('freshness: the four words, or a real date range in order', () => {
    for (const ok of ['day', 'week', 'month', 'year', '2026-02-28to2026-03-01']) assert.ok(isFreshness(ok), ok);
    for (const bad of ['Day', '2026-02-30to2026-03-01', '2026-03-01to2026-02-01', '2026-1-1to2026-2-1', '']) assert.ok(!isFreshness(bad), bad);
  });
});

describe('endpoint table', () => {
  const origins = { api: 'https://api.example', search: 'https://search.example/base/' };

  test('each endpoint on its origin with its method and header; Research, Answer, Search, Contents use X-API-Key', () => {
    const rows = (Object.keys(YOU_ENDPOINTS) as YouEndpoint[]).map((endpoint) => {
      const target = youRequest(endpoint, origins, KEY, { taskId: 'task-1' });
      return [endpoint, target.method, target.url, Object.keys(target.headers).join(','), target.credentialOrigin];
    });
    assert.deepEqual(rows, [
      ['agents-runs', 'POST', 'https://api.example/v1/agents/runs', 'Authorization', 'https://api.example'],
      ['research', 'POST', 'https://api.example/v1/research', 'X-API-Key', 'https://api.example'],
      ['research-task', 'GET', 'https://api.example/v1/research/task-1', 'X-API-Key', 'https://api.example'],
      ['research-stream', 'GET', 'https://api.example/v1/research/task-1/stream', 'X-API-Key', 'https://api.example'],
      ['answer', 'POST', 'https://api.example/v1/answer', 'X-API-Key', 'https://api.example'],
      ['search', 'POST', 'https://search.example/base/v1/search', 'X-API-Key', 'https://search.example'],
      ['contents', 'POST', 'https://search.example/base/v1/contents', 'X-API-Key', 'https://search.example'],
    ]);
    assert.equal(youRequest('research', origins, KEY).headers['X-API-Key'], KEY);
  });

  test('defaults are api.you.com and ydc-index.io; no key, no header and no binding', () => {
    assert.equal(youRequest('search', DEFAULT_YOU_ORIGINS, undefined).url, 'https://ydc-index.io/v1/search');
    assert.equal(youRequest('research', DEFAULT_YOU_ORIGINS, undefined).url, 'https://api.you.com/v1/research');
    const target = youRequest('answer', DEFAULT_YOU_ORIGINS, undefined);
    assert.deepEqual(target.headers, {});
    assert.equal(target.credentialOrigin, undefined);
  });

  test('a base URL that may not receive the key is refused before anything is sent, and the key is not in the error', () => {
    for (const search of ['http://search.example', 'https://user:pw@search.example', 'https://search.example/?k=1', 'nope']) {
      assert.throws(
        () => youRequest('search', { ...origins, search }, KEY),
        (err: unknown) => err instanceof AgentError && err.kind === 'config' && err.reason.code === 'bad-endpoint' && !err.message.includes(KEY),
        search,
      );
    }
    assert.equal(youRequest('research', { ...origins, api: 'http://127.0.0.1:9' }, KEY).url, 'http://127.0.0.1:9/v1/research', 'loopback http is fine');
  });

  test('a task id goes into the path only when it is an id', () => {
    for (const taskId of ['../agents/runs', 'a/b', 'a?b', '', 'x'.repeat(200)]) {
      assert.throws(() => youRequest('research-task', origins, KEY, { taskId }), AgentError, taskId);
    }
    assert.equal(youRequest('research-stream', origins, KEY, { taskId: 'abc', query: { from_id: 7 } }).url, 'https://api.example/v1/research/abc/stream?from_id=7');
  });
});

describe('errors every You.com product shares', () => {
  test('403 "Missing required scopes" names the product called; another 403 stays generic', () => {
    for (const product of ['Research', 'Answer', 'Search', 'Contents']) {
      const error = httpError(403, '{"detail":"Missing required scopes"}', undefined, { product });
      assert.equal(error.reason.code, 'missing-scope');
      const expected = `You.com: this API key has no access to ${product} (403 Missing required scopes); enable ${product} for the key on the You.com platform`;
      assert.equal(error.message, expected);
    }
    assert.equal(httpError(403, '{"detail":"Forbidden"}', undefined, { product: 'Search' }).reason.code, 'http-status');
    assert.equal(httpError(403, '{"detail":"Missing required scopes"}', undefined).reason.code, 'http-status', 'the agents client names no product');
  });

  test('402: the upgrade link only when https on you.com', () => {
    const body = (url: string) => JSON.stringify({ error: 'payment_required', message: 'no credits', upgrade_url: url });
    assert.deepEqual(httpError(402, body('https://you.com/platform/upgrade'), undefined).action, { kind: 'add-credits', url: 'https://you.com/platform/upgrade' });
    for (const url of ['http://you.com/upgrade', 'https://you.com.evil.example/', 'https://evil.example/?you.com', 'javascript:alert(1)']) {
      assert.deepEqual(httpError(402, body(url), undefined).action, { kind: 'add-credits', url: undefined }, url);
    }
  });
});

describe('task record', () => {
  const record: ResearchTaskRecord = { taskId: 'f1e2d3c4-aa', question: 'Why?', effort: 'deep', startedAt: 1_790_000_000_000, lastEventId: 4 };

  test('round-trips through its serializer; a record without an event id too', () => {
    assert.deepEqual(parseResearchTask(serializeResearchTask(record)), record);
    const { lastEventId: _, ...fresh } = record;
    assert.deepEqual(parseResearchTask(JSON.parse(serializeResearchTask(fresh))), fresh);
  });

  test('a damaged record is refused, not half read', () => {
    const damaged = [{ ...record, taskId: '../x' }, { ...record, effort: 'max' }, { ...record, startedAt: 'yesterday' }, { ...record, lastEventId: -1 }];
    for (const bad of ['{', 'null', '[]', ...damaged]) {
      assert.equal(parseResearchTask(typeof bad === 'string' ? bad : JSON.stringify(bad)), undefined, JSON.stringify(bad));
    }
  });
});

describe('wire readings where the sources disagree', () => {
  test('the task id is task_id on submit and id on GET; either is read in both places', () => {
    assert.deepEqual(parseSubmitted({ task_id: 't-1', status: 'queued' }), { taskId: 't-1', status: 'queued' });
    assert.deepEqual(parseSubmitted({ id: 't-2' }), { taskId: 't-2' });
    assert.equal(parseSubmitted({ task_id: '../x' }), undefined);
    assert.equal(parseTask({ task_id: 't-3', status: 'running' }, 'fallback')?.id, 't-3');
    assert.equal(parseTask({ status: 'canceled' }, 'fallback')?.status, 'cancelled');
  });

  test('warnings inside result or at the top level are both read', () => {
    const output = { output: { content: 'r', content_type: 'text', sources: [] } };
    assert.deepEqual(parseTask({ id: 'a', status: 'completed', result: { ...output, warnings: ['in result'] } }, 'a')?.output?.warnings, ['in result']);
    assert.deepEqual(parseTask({ id: 'a', status: 'completed', warnings: ['on top'], result: output }, 'a')?.output?.warnings, ['on top']);
  });

  test('terminal events in every spelling; unknown names are progress', () => {
    const kinds = ['connected', 'completed', 'complete', 'response.done', 'failed', 'error', 'cancelled', 'research.searching', 'response.created'].map((n) =>
      streamEventKind(n, {}),
    );
    assert.deepEqual(kinds, ['connected', 'completed', 'completed', 'completed', 'failed', 'failed', 'cancelled', 'progress', 'progress']);
    assert.equal(streamEventKind(undefined, { type: 'complete' }), 'completed', 'the payload type when the event has no name');
  });

  test('429: Retry-After first, else X-RateLimit-Reset as a Unix time (seconds, or milliseconds), else a small count of seconds', () => {
    const now = 1_790_000_000_000;
    const headers = (h: Record<string, string>) => new Headers(h);
    assert.equal(rateLimitWaitSeconds(headers({ 'Retry-After': '7', 'X-RateLimit-Reset': String(now / 1000 + 60) }), now), 7);
    assert.equal(rateLimitWaitSeconds(headers({ 'X-RateLimit-Reset': String(now / 1000 + 12) }), now), 12);
    assert.equal(rateLimitWaitSeconds(headers({ 'X-RateLimit-Reset': String(now + 3_000) }), now), 3);
    assert.equal(rateLimitWaitSeconds(headers({ 'X-RateLimit-Reset': String(now / 1000 - 5) }), now), 0, 'a reset in the past: no wait');
    assert.equal(rateLimitWaitSeconds(headers({ 'X-RateLimit-Reset': '30' }), now), 30);
    assert.equal(rateLimitWaitSeconds(headers({ 'X-RateLimit-Reset': 'soon' }), now), undefined);
    assert.equal(rateLimitWaitSeconds(headers({}), now), undefined);
  });
});
