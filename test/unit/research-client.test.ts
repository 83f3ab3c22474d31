import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { AgentError } from '../../src/core/errors';
import { collectRun, type RunEvent, type RunSummary } from '../../src/core/events';
import { abortableSleep } from '../../src/core/net/http';
import type { Log } from '../../src/core/redact';
import type { ResearchEffort } from '../../src/core/you/research';
import { ResearchClient } from '../../src/core/you/researchClient';
import type { ResearchTaskRecord } from '../../src/core/you/researchTask';
import { callYouJson } from '../../src/core/you/youCall';
import { freePort } from '../servers/ports';
import { startYouServer, type RecordedRequest, type YouTestServer } from '../servers/you-server';

const KEY = 'FAKE-not-a-key-research-client-01';
const STEPS = ['Planning the research', 'Searching the web for server-sent events and reconnection', 'Reading 4 sources', 'Writing the report'];

let server: YouTestServer;
before(async () => {
  server = await startYouServer({ apiKey: KEY, researchStepMs: 5 });
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.holdResearch(false);
});

interface Harness {
  client: ResearchClient;
  /** Every wait the client asked for, in ms (waits are cut to 5 ms). */
  sleeps: number[];
  logs: string[];
  records: ResearchTaskRecord[];
}

function harness(): Harness {
  const sleeps: number[] = [];
  const logs: string[] = [];
  const log: Log = { debug: (m) => logs.push(m), info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const client = new ResearchClient({
    origins: { api: server.url, search: server.url },
    net: { sleep: (ms, signal) => (sleeps.push(ms), abortableSleep(Math.min(ms, 5), signal)) },
    timing: { pollInitialMs: 10, pollMaxMs: 40, settleDelayMs: 10 },
    log,
  });
  return { client, sleeps, logs, records: [] };
}

async function research(question: string, effort: ResearchEffort = 'deep', h = harness(), background?: boolean): Promise<RunSummary> {
  return collectRun(h.client.run({ question, effort, ...(background === undefined ? {} : { background }) }, { apiKey: KEY, onTask: (r) => h.records.push(r) }));
}

const posts = (path = '/v1/research'): RecordedRequest[] => server.requests.filter((r) => r.method === 'POST' && r.path === path);
const streams = (): RecordedRequest[] => server.requests.filter((r) => r.path.endsWith('/stream'));
const gets = (): RecordedRequest[] => server.requests.filter((r) => r.method === 'GET' && !r.path.endsWith('/stream'));
const statuses = (s: RunSummary): string[] => s.events.flatMap((e) => (e.type === 'progress' && e.kind === 'status' ? [e.status] : []));

function assertReport(summary: RunSummary): void {
  assert.equal(summary.outcome, 'done', summary.error?.message);
  assert.deepEqual(
    summary.citations.map((c) => [c.index, c.title]),
    [
      [1, 'HTML Standard: Server-sent events'],
      [2, 'Using server-sent events - Web APIs | MDN'],
      [3, 'Stream | Node.js Documentation'],
      [4, 'Webview API | Visual Studio Code Extension API'],
    ],
  );
  assert.equal(summary.citations[0]!.snippets?.length, 2);
  assert.match(summary.text, /\[\[1\]\]\(<https:\/\/html\.spec\.whatwg\.org\/multipage\/server-sent-events\.html>\)\[\[2\]\]\(</);
  assert.match(summary.text, /such as \[\[9\]\], stays/, 'the out-of-range marker is left as text');
}

describe('sync research', () => {
  test('one POST with X-API-Key, the report with linked markers and sources', async () => {
    const summary = await research('How does SSE reconnect?', 'standard');
    assertReport(summary);
    assert.equal(posts().length, 1);
    const sent = posts()[0]!;
    assert.equal(sent.headers['x-api-key'], KEY);
    assert.equal(sent.headers.authorization, undefined);
    assert.deepEqual(sent.body, { input: 'How does SSE reconnect?', research_effort: 'standard' });
    assert.equal(server.requests.length, 1, 'no task, no stream, no poll');
  });

  test('warnings of a sync answer show as steps', async () => {
    const summary = await research('[scenario:r-warnings-result] q', 'lite');
    assert.ok(summary.progress.some((p) => p.includes('could not be read')));
  });
});

describe('background research', () => {
  test('submit once, task id at once as started.runId, progress from the stream, the report from the final GET', async () => {
    const h = harness();
    const summary = await research('Deep question', 'deep', h);
    assertReport(summary);
    assert.equal(posts().length, 1);
    assert.deepEqual(posts()[0]!.body, { input: 'Deep question', research_effort: 'deep', background: true });
    const started = summary.events.find((e): e is Extract<RunEvent, { type: 'started' }> => e.type === 'started');
    assert.match(started?.runId ?? '', /^f1e2d3c4-/);
    assert.deepEqual(h.records[0], { taskId: started!.runId, question: 'Deep question', effort: 'deep', startedAt: h.records[0]!.startedAt });
    assert.equal(h.records.at(-1)!.lastEventId, 4, 'the record follows the last event id');
    assert.deepEqual(summary.progress.slice(-4), STEPS);
    assert.ok(statuses(summary).includes('task-queued'));
    assert.equal(streams().length, 1);
    assert.ok(gets().length >= 1, 'the report comes from a GET');
    for (const request of server.requests) assert.equal(request.headers['x-api-key'], KEY);
  });

  test('a stream that closes early is reopened with from_id = the last event id; replayed events are not repeated', async () => {
    const summary = await research('[scenario:r-cut] q');
    assertReport(summary);
    const fromIds = streams().map((r) => new URLSearchParams(r.query).get('from_id'));
    assert.deepEqual(fromIds.slice(0, 2), [null, '2']);
    assert.ok(statuses(summary).includes('stream-reconnecting'));
    const steps = summary.progress.filter((p) => !/^task-|^stream-|^starting/.test(p));
    assert.deepEqual(steps, STEPS);
    assert.equal(posts().length, 1);
  });

  test('a stream that never sends a terminal event: polling GET with backoff brings the report', async () => {
    const h = harness();
    const summary = await research('[scenario:r-no-terminal] q', 'deep', h);
    assertReport(summary);
    assert.ok(statuses(summary).includes('task-polling'));
    assert.equal(posts().length, 1);
  });

  test('a terminal event before the GET shows it: the GET is asked again a second apart until it does', async () => {
    const h = harness();
    const summary = await research('[scenario:r-terminal-early] q', 'deep', h);
    assertReport(summary);
    assert.ok(gets().length >= 3, `${gets().length} GETs`);
    assert.ok(h.sleeps.includes(10), 'settle delay used');
  });

  test('the stream cannot be opened (500): polling instead', async () => {
    const summary = await research('[scenario:r-stream-500] q');
    assertReport(summary);
    assert.ok(statuses(summary).includes('task-polling'));
  });

  for (const scenario of ['r-terminal-complete', 'r-terminal-response-done', 'r-id-on-submit']) {
    test(`${scenario}: still the report`, async () => {
      assertReport(await research(`[scenario:${scenario}] q`));
      assert.equal(posts().length, 1);
    });
  }

  for (const place of ['result', 'top']) {
    test(`warnings at the ${place} of the task are shown`, async () => {
      const summary = await research(`[scenario:r-warnings-${place}] q`);
      assert.ok(summary.progress.some((p) => p.includes('One source could not be read')));
      assert.equal(summary.outcome, 'done');
    });
  }

  test('a failed task ends with its error text, and is not submitted again', async () => {
    const summary = await research('[scenario:r-failed] q');
    assert.equal(summary.outcome, 'error');
    assert.equal(summary.error?.reason.code, 'agent-failed');
    assert.match(summary.error!.message, /could not reach any source/);
    assert.equal(posts().length, 1);
  });
});

describe('resume after a restart', () => {
  test('a task left running is followed from its record; nothing is submitted again', async () => {
    server.holdResearch(true);
    const h = harness();
    const stop = new AbortController();
    const seen: RunEvent[] = [];
    const options = { apiKey: KEY, signal: stop.signal, onTask: (r: ResearchTaskRecord) => h.records.push(r) };
    for await (const event of h.client.run({ question: 'Long one', effort: 'exhaustive' }, options)) {
      seen.push(event);
      if (h.records.at(-1)?.lastEventId === 4) stop.abort(); // the window reloads mid-run
    }
    assert.equal(seen.at(-1)?.type, 'error');
    const record = h.records.at(-1)!;
    assert.equal(server.research.tasks.get(record.taskId)?.status, 'running');
    const before = server.requests.length;

    // A new client, as after a restart, from the persisted record only.
    const resumed = harness();
    const following = collectRun(resumed.client.follow(record, { apiKey: KEY }));
    // Released only once the resumed client follows the stream (under load its first GET can take a while).
    const streaming = () => server.requests.slice(before).some((r) => r.path.endsWith('/stream'));
    for (let i = 0; i < 500 && !streaming(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    server.holdResearch(false);
    const summary = await following;
    assertReport(summary);
    const afterRequests = server.requests.slice(before);
    assert.equal(afterRequests.filter((r) => r.method === 'POST').length, 0, 'never resubmitted');
    assert.equal(afterRequests[0]!.method, 'GET', 'status first');
    assert.equal(new URLSearchParams(afterRequests.find((r) => r.path.endsWith('/stream'))!.query).get('from_id'), '4');
    assert.deepEqual(summary.events[0], { type: 'started', runId: record.taskId });
  });

  test('a task that finished while nobody followed it: one GET brings the report', async () => {
    const first = harness();
    await research('Finished meanwhile', 'deep', first);
    const record = first.records[0]!;
    server.requests.length = 0;
    const summary = await collectRun(harness().client.follow(record, { apiKey: KEY }));
    assertReport(summary);
    assert.deepEqual(
      server.requests.map((r) => r.method),
      ['GET'],
    );
  });

  test('a task the server does not know: task-not-found, no POST', async () => {
    const summary = await collectRun(harness().client.follow({ taskId: 'gone-1', question: 'q', effort: 'deep', startedAt: 1 }, { apiKey: KEY }));
    assert.equal(summary.error?.reason.code, 'task-not-found');
    assert.match(summary.error!.message, /gone-1 was not found/);
    assert.equal(posts().length, 0);
  });
});

describe('errors', () => {
  test('403 "Missing required scopes" names the product the key lacks', async () => {
    const summary = await research('[scenario:r-403-scope] q', 'lite');
    assert.equal(summary.error?.reason.code, 'missing-scope');
    assert.match(summary.error!.message, /no access to Research/);
    assert.equal(summary.error!.action.kind, 'set-key');
  });

  test('402 offers the upgrade link only when it is https on you.com', async () => {
    const trusted = await research('[scenario:r-402] q', 'lite');
    assert.deepEqual(trusted.error?.action, { kind: 'add-credits', url: 'https://you.com/platform/upgrade' });
    assert.match(trusted.error!.message, /out of credits \(402\)/);
    const foreign = await research('[scenario:r-402-foreign-link] q', 'lite');
    assert.deepEqual(foreign.error?.action, { kind: 'add-credits', url: undefined });
  });

  test('422 detail lists are summarised, one "loc: msg" each', async () => {
    const summary = await research('[scenario:r-422] q', 'lite');
    assert.equal(summary.error?.status, 422);
    assert.match(summary.error!.message, /invalid \(422\).*body\.input: String should have at most 40000 characters; body\.research_effort: Input should be/);
    assert.match(summary.error!.message, /body\.source_control\.include_domains: Input should be a valid list/);
  });

  test('429 on submit: waits for Retry-After, says so, and sends again (the server took nothing)', async () => {
    const h = harness();
    const summary = await research('[scenario:r-429-once] q', 'deep', h);
    assertReport(summary);
    const waiting = summary.events.find((e) => e.type === 'progress' && e.kind === 'status' && e.status === 'rate-limited');
    assert.deepEqual(waiting, { type: 'progress', kind: 'status', status: 'rate-limited', message: 'rate-limited', seconds: 1 });
    assert.ok(h.sleeps.includes(1000));
    assert.equal(posts().length, 2);
    assert.equal([...server.research.tasks.values()].filter((t) => t.request.input.includes('r-429-once')).length, 1, 'one task');
  });

  test('429 without Retry-After: waits until X-RateLimit-Reset (a Unix time)', async () => {
    const h = harness();
    const summary = await research('[scenario:r-429-reset-once] q', 'lite', h);
    assert.equal(summary.outcome, 'done');
    const waited = summary.events.find((e) => e.type === 'progress' && e.kind === 'status' && e.status === 'rate-limited');
    assert.ok(waited && waited.type === 'progress' && waited.kind === 'status' && waited.seconds !== undefined && waited.seconds <= 2);
  });

  test('429 that does not end: a bounded number of tries, then the error with the wait', async () => {
    const summary = await research('[scenario:r-429] q', 'lite');
    assert.equal(summary.error?.status, 429);
    assert.deepEqual(summary.error?.action, { kind: 'wait', seconds: 1 });
    assert.equal(posts().length, 4, 'first try and three more');
  });

  test('a submit that fails after it was sent is never sent again (dropped connection, 500)', async () => {
    for (const scenario of ['r-submit-drop', 'r-submit-500']) {
      server.requests.length = 0;
      const summary = await research(`[scenario:${scenario}] q`);
      assert.equal(posts().length, 1, scenario);
      assert.equal(summary.outcome, 'error', scenario);
    }
    server.requests.length = 0;
    const dropped = await research('[scenario:r-submit-drop] q');
    assert.equal(dropped.error?.reason.code, 'submit-uncertain');
    assert.match(dropped.error!.message, /may still run and be billed, so it was not sent again/);
  });

  test('a refused connection (nothing sent) is tried again; the key never appears in errors or logs', async () => {
    const h = harness();
    const log: Log = { debug() {}, info: (m) => h.logs.push(m), warn: (m) => h.logs.push(m), error: (m) => h.logs.push(m) };
    const closed = `http://127.0.0.1:${await freePort()}`;
    const client = new ResearchClient({ origins: { api: closed, search: server.url }, net: { sleep: async () => undefined }, log });
    const summary = await collectRun(client.run({ question: 'q', effort: 'lite' }, { apiKey: KEY }));
    assert.equal(summary.error?.kind, 'network');
    assert.equal(h.logs.filter((l) => l.startsWith('POST')).length, 4);
    assert.ok(!JSON.stringify(summary.error).includes(KEY));
    assert.ok(!h.logs.join('\n').includes(KEY));
  });

  test('401 for a wrong key; the key is not echoed', async () => {
    const h = harness();
    const summary = await collectRun(h.client.run({ question: 'q', effort: 'lite' }, { apiKey: 'FAKE-not-a-key-wrong' }));
    assert.equal(summary.error?.status, 401);
    assert.ok(!summary.error!.message.includes('FAKE-not-a-key-wrong'));
  });

  test('a server that echoes the key: the error and the logs carry it redacted', async () => {
    const h = harness();
    const summary = await research('[scenario:r-echo-key] q', 'lite', h);
    assert.equal(summary.error?.status, 401);
    assert.ok(!JSON.stringify(summary.error).includes(KEY));
    assert.ok(!h.logs.join('\n').includes(KEY));
    assert.match(summary.error!.message, /Invalid or expired API key/);
  });

  test('an empty question is refused before any request', async () => {
    const summary = await research('   ', 'lite');
    assert.equal(summary.error?.reason.code, 'invalid-research');
    assert.equal(server.requests.length, 0);
  });
});

describe('callYouJson: Answer, Search and Contents through the endpoint table', () => {
  const call = (endpoint: 'answer' | 'search' | 'contents', body: unknown, apiKey = KEY) =>
    callYouJson(endpoint, body, { origins: { api: server.url, search: server.url }, apiKey, net: { sleep: async () => undefined } });

  test('each goes to its path with X-API-Key and comes back parsed', async () => {
    const answer = (await call('answer', { query: 'What is SSE?' })) as { citations: unknown[] };
    assert.equal(answer.citations.length, 2);
    const search = (await call('search', { query: 'sse', count: 1 })) as { results: { web: unknown[] } };
    assert.equal(search.results.web.length, 1);
    const contents = (await call('contents', { urls: ['https://nodejs.org/api/stream.html'], formats: ['markdown'] })) as unknown[];
    assert.equal(contents.length, 1);
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.path, r.headers['x-api-key']]),
      [
        ['POST', '/v1/answer', KEY],
        ['POST', '/v1/search', KEY],
        ['POST', '/v1/contents', KEY],
      ],
    );
  });

  test('errors name the product, and the key stays out of them', async () => {
    await assert.rejects(call('search', { query: '[scenario:r-403-scope] q' }), (err: AgentError) => /no access to Search/.test(err.message));
    await assert.rejects(call('answer', { query: '[scenario:r-403-scope] q' }), (err: AgentError) => /no access to Answer/.test(err.message));
    await assert.rejects(call('answer', { query: '[scenario:r-echo-key] q' }), (err: AgentError) => err.status === 401 && !JSON.stringify(err).includes(KEY));
    await assert.rejects(call('answer', { query: 'q', extra: 1 }), (err: AgentError) => err.status === 422 && /body\.extra: Extra inputs are not permitted/.test(err.message));
  });

  test('429 on a POST: retried only after the server refused it, as openHttp allows', async () => {
    const body = (await call('search', { query: '[scenario:r-429-once] q' })) as { results: unknown };
    assert.ok(body.results);
    assert.equal(posts('/v1/search').length, 2);
  });
});
