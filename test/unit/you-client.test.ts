import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectRun, type RunSummary } from '../../src/core/events';
import { DEFAULT_NET_POLICY, type NetPolicy } from '../../src/core/net/http';
import type { Log } from '../../src/core/redact';
import { YouClient } from '../../src/core/you/client';
import type { YouAgentConfig } from '../../src/core/you/request';
import { freePort } from '../servers/ports';
import { startYouServer, type Scenario, type YouTestServer } from '../servers/you-server';

const KEY = 'FAKE-not-a-key-client-0123456789';
const CUSTOM = '63773261-b4de-4d8f-9dfd-cff206a5cb51';

let server: YouTestServer;
before(async () => {
  server = await startYouServer({ apiKey: KEY });
});
after(() => server.close());

interface Harness {
  client: YouClient;
  sleeps: number[];
  logs: string[];
}

function harness(policy: Partial<NetPolicy> = {}, retry: Partial<NetPolicy['retry']> = {}): Harness {
  const sleeps: number[] = [];
  const logs: string[] = [];
  const log: Log = { debug: (m) => logs.push(m), info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const client = new YouClient({
    baseUrl: server.url,
    policy: { ...DEFAULT_NET_POLICY, ...policy, retry: { ...DEFAULT_NET_POLICY.retry, ...retry } },
    // Record the backoff instead of waiting it out.
    net: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    log,
  });
  return { client, sleeps, logs };
}

function ask(input: string, config: YouAgentConfig = { agent: 'express' }, h = harness(), stream = true): Promise<RunSummary> {
  return collectRun(h.client.run(config, input, { apiKey: KEY, stream }));
}

const scenario = (name: Scenario, text = 'q') => `${text} [scenario:${name}]`;

describe('happy paths', () => {
  test('streams a scripted express answer', async () => {
    const run = await ask('What is SSE?');
    assert.equal(run.outcome, 'done');
    assert.match(run.text, /^#### What is SSE\?/);
    assert.match(run.text, /That is all it takes to read a stream in Node 20\.$/);
    assert.equal(run.citations.length, 0);
    assert.equal(run.events[0]?.type, 'started');
    assert.ok(run.events.filter((e) => e.type === 'text').length > 20, 'the answer arrives as many deltas');
    const sent = server.requests.at(-1)!;
    assert.equal(sent.headers.authorization, `Bearer ${KEY}`);
    assert.equal(sent.headers.accept, 'text/event-stream');
    assert.deepEqual(sent.body, { agent: 'express', input: 'What is SSE?', stream: true });
  });

  test('streams an advanced answer with citations, research steps as progress', async () => {
    const config: YouAgentConfig = { agent: 'advanced', research: { searchEffort: 'low', reportVerbosity: 'medium' }, maxWorkflowSteps: 3 };
    const run = await ask('Compare SSE and WebSocket', config);
    assert.equal(run.outcome, 'done');
    assert.equal(run.citations.length, 4);
    assert.deepEqual(
      run.citations.map((c) => [c.index, c.host]),
      [
        [1, 'developer.mozilla.org'],
        [2, 'nodejs.org'],
        [3, 'code.visualstudio.com'],
        [4, 'html.spec.whatwg.org'],
      ],
    );
    assert.match(run.citations[0]!.title, /MDN/);
    assert.match(run.text, /\[\[1\]\]\(https:\/\/developer\.mozilla\.org/);
    assert.ok(run.progress.includes('Planning 3 steps'));
    assert.ok(run.progress.some((p) => p.startsWith('web search:')));
    // citations arrive before the first text delta
    const firstText = run.events.findIndex((e) => e.type === 'text');
    assert.ok(run.events.findIndex((e) => e.type === 'citations') < firstText);
    assert.deepEqual((server.requests.at(-1)!.body as { tools: unknown }).tools, [{ type: 'research', search_effort: 'low', report_verbosity: 'medium' }]);
  });

  test('a custom agent by UUID', async () => {
    const run = await ask('Checklist please', { agent: CUSTOM });
    assert.equal(run.outcome, 'done');
    assert.match(run.text, /Custom agent `63773261`/);
  });

  test('batch mode (stream: false) yields the same kinds of events', async () => {
    const run = await ask('Batch me', { agent: 'advanced' }, harness(), false);
    assert.equal(run.outcome, 'done');
    assert.equal(run.citations.length, 4);
    assert.match(run.text, /^## Research report: Batch me/);
    assert.equal(server.requests.at(-1)!.headers.accept, 'application/json');
  });

  test('older flattened batch item shape', async () => {
    const run = await ask(scenario('batch-legacy'), { agent: 'express' }, harness(), false);
    assert.equal(run.outcome, 'done');
    assert.equal(run.text, 'The capital of France is Paris.');
  });

  test('a server that answers JSON to a stream request is read as a batch', async () => {
    const run = await ask(scenario('json-instead-of-sse'));
    assert.equal(run.outcome, 'done');
    assert.match(run.text, /express/);
  });
});

describe('legal but unusual streams', () => {
  for (const name of ['split-utf8', 'crlf', 'keepalive', 'multiline-data'] as const) {
    test(`${name}: same answer as a plain stream`, async () => {
      const run = await ask(scenario(name, 'Stream oddities'));
      assert.equal(run.outcome, 'done', run.error?.message);
      if (name === 'split-utf8') assert.match(run.text, /日本語のテキスト, emoji 🚀🎉👩‍💻/);
      else assert.match(run.text, /^#### Stream oddities/);
    });
  }

  test('unknown events and unknown fields become progress, never a crash', async () => {
    const plain = await ask('Unknowns');
    const run = await ask(scenario('unknown-events', 'Unknowns'));
    assert.equal(run.outcome, 'done');
    assert.equal(run.text, plain.text.replace('#### Unknowns', '#### Unknowns'));
    assert.ok(run.progress.includes('response.telemetry'));
    assert.ok(run.progress.includes('response.mystery'));
  });

  test('a 1 MB delta arrives whole', async () => {
    const run = await ask(scenario('big-delta'));
    assert.equal(run.outcome, 'done');
    assert.equal(run.text.length, 1024 * 1024);
    assert.ok(run.text.endsWith(' end'));
  });
});

describe('broken streams', () => {
  test('a clean close before response.done is an interrupted run with the partial text', async () => {
    const run = await ask(scenario('close-mid', 'Cut'));
    assert.equal(run.outcome, 'error');
    assert.equal(run.error?.kind, 'interrupted');
    const last = run.events.at(-1)!;
    assert.ok(last.type === 'error' && last.partialText === run.text && run.text.startsWith('#### Cut'));
  });

  test('a dropped connection mid-stream is interrupted too, and is not replayed', async () => {
    const before = server.requests.length;
    const run = await ask(scenario('drop-mid', 'Drop'));
    assert.equal(run.outcome, 'error');
    assert.equal(run.error?.kind, 'interrupted');
    assert.ok(run.text.length > 0);
    assert.equal(server.requests.length - before, 1, 'a started stream is never retried');
  });

  test('a silent stream ends with an idle timeout and keeps the partial text', async () => {
    const run = await ask(scenario('stall', 'Stall'), { agent: 'express' }, harness({ idleTimeoutMs: 300 }));
    assert.equal(run.error?.kind, 'idle-timeout');
    assert.match(run.error!.message, /silent for 0\.3 s/);
    assert.ok(run.text.startsWith('#### Stall'));
  });

  test('no headers in time is a connect timeout', async () => {
    const h = harness({ connectTimeoutMs: 200 }, { maxRetries: 0 });
    const run = await ask(scenario('slow-headers', 'Slow'), { agent: 'express' }, h);
    assert.equal(run.error?.kind, 'connect-timeout');
    assert.deepEqual(run.error?.action, { kind: 'retry' });
  });

  test('an agent failure event mid-stream is a typed error with the partial text', async () => {
    const run = await ask(scenario('stream-failed', 'Fail'));
    assert.equal(run.error?.kind, 'failed');
    assert.match(run.error!.message, /ran out of workflow steps/);
    const last = run.events.at(-1)!;
    assert.ok(last.type === 'error' && last.partialText.startsWith('#### Fail'));
  });
});

describe('errors', () => {
  const cases: [Scenario, number, string, RegExp][] = [
    ['error-400', 400, 'check-settings', /Bad Request: Invalid request body/],
    ['error-401', 401, 'set-key', /missing or invalid.*Missing or invalid Authorization header/],
    ['error-402', 402, 'add-credits', /out of credits.*used all credits/],
    ['error-403', 403, 'set-key', /not allowed/],
    ['error-404', 404, 'check-agent', /unknown agent.*not found/],
    ['error-422', 422, 'check-settings', /body\.workflow_config\.max_workflow_steps: Input should be a valid integer/],
    ['error-jsonapi', 400, 'check-settings', /Invalid tool: compute is not available/],
  ];
  for (const [name, status, action, message] of cases) {
    test(`${name} becomes one typed error`, async () => {
      const run = await ask(scenario(name));
      assert.equal(run.outcome, 'error');
      assert.equal(run.error?.kind, 'http');
      assert.equal(run.error?.status, status);
      assert.equal(run.error?.action.kind, action);
      assert.match(run.error!.message, message);
    });
  }

  test('402 carries the upgrade link', async () => {
    const run = await ask(scenario('error-402'));
    assert.deepEqual(run.error?.action, { kind: 'add-credits', url: 'https://you.com/platform/upgrade' });
  });

  test('a wrong key is 401 with set-key', async () => {
    const h = harness();
    const run = await collectRun(h.client.run({ agent: 'express' }, 'q', { apiKey: 'FAKE-not-a-key-wrong-000000' }));
    assert.equal(run.error?.status, 401);
    assert.equal(run.error?.action.kind, 'set-key');
  });

  test('an unknown agent id is 404 with check-agent', async () => {
    const run = await ask('q', { agent: 'no-such-agent' });
    assert.equal(run.error?.status, 404);
    assert.equal(run.error?.action.kind, 'check-agent');
  });

  test('an HTML error page from a proxy gives its title; a 502 after a POST is not retried (the run may have started)', async () => {
    const h = harness({}, { maxRetries: 2 });
    const before = server.requests.length;
    const run = await ask(scenario('html-error', 'html'), { agent: 'express' }, h);
    assert.equal(run.error?.status, 502);
    assert.equal(run.error?.action.kind, 'retry');
    assert.match(run.error!.message, /502 Bad Gateway/);
    assert.doesNotMatch(run.error!.message, /<html|nginx/);
    assert.equal(h.sleeps.length, 0);
    assert.equal(server.requests.length - before, 1);
  });

  test('a server that echoes the key never gets it into messages or logs', async () => {
    const h = harness();
    const run = await collectRun(h.client.run({ agent: 'express' }, scenario('echo-key'), { apiKey: KEY }));
    // The test server's own check passes first only with the right key; echo-key answers 401 anyway.
    assert.equal(run.error?.status, 401);
    const everything = JSON.stringify(run.error) + run.error!.message + (run.error!.detail ?? '') + h.logs.join('\n');
    assert.ok(!everything.includes(KEY), 'the key leaked');
    assert.match(run.error!.message, /\*\*\*/);
  });

  test('a bad base URL is a config error, not a crash', async () => {
    const client = new YouClient({ baseUrl: 'ftp://example' });
    const run = await collectRun(client.run({ agent: 'express' }, 'q', { apiKey: KEY }));
    assert.equal(run.error?.kind, 'config');
    assert.equal(run.error?.action.kind, 'check-settings');
  });

  test('an unreachable server is a network error after bounded retries', async () => {
    const sleeps: number[] = [];
    const port = await freePort();
    const client = new YouClient({
      baseUrl: `http://127.0.0.1:${port}`,
      net: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    });
    const run = await collectRun(client.run({ agent: 'express' }, 'q', { apiKey: KEY }));
    assert.equal(run.error?.kind, 'network');
    assert.match(run.error!.message, new RegExp(`could not reach http://127\\.0\\.0\\.1:${port}/v1/agents/runs \\(ECONNREFUSED\\)`));
    assert.equal(sleeps.length, DEFAULT_NET_POLICY.retry.maxRetries);
  });
});

describe('retries', () => {
  test('429 with Retry-After waits exactly that long, then succeeds', async () => {
    const h = harness();
    const run = await ask(scenario('rate-limit-once', `rl ${Date.now()}`), { agent: 'express' }, h);
    assert.equal(run.outcome, 'done');
    assert.deepEqual(h.sleeps, [1000]);
  });

  test('503 without Retry-After after a POST is reported at once, with a Retry action', async () => {
    const h = harness();
    const before = server.requests.length;
    const run = await ask(scenario('flaky', `flaky ${Date.now()}`), { agent: 'express' }, h);
    assert.equal(run.error?.status, 503);
    assert.deepEqual(run.error?.action, { kind: 'retry' });
    assert.deepEqual(h.sleeps, []);
    assert.equal(server.requests.length - before, 1);
  });

  test('a Retry-After beyond the wait budget is reported, not waited for', async () => {
    const h = harness({}, { maxTotalWaitMs: 5_000 });
    const run = await ask(scenario('rate-limit'), { agent: 'express' }, h);
    assert.equal(run.error?.status, 429);
    assert.deepEqual(run.error?.action, { kind: 'wait', seconds: 7 });
    assert.deepEqual(h.sleeps, []);
  });

  test('retries are bounded by count', async () => {
    const h = harness({}, { maxRetries: 1 });
    const run = await ask(scenario('rate-limit'), { agent: 'express' }, h);
    assert.equal(run.error?.status, 429);
    assert.deepEqual(h.sleeps, [7000]);
  });

  test('500 after a POST: one request, no retry, a Retry action', async () => {
    const h = harness({}, { maxRetries: 3 });
    const before = server.requests.length;
    const run = await ask(scenario('error-500'), { agent: 'express' }, h);
    assert.equal(run.error?.status, 500);
    assert.equal(run.error?.action.kind, 'retry');
    assert.deepEqual(h.sleeps, []);
    assert.equal(server.requests.length - before, 1);
  });
});

describe('cancellation', () => {
  test('aborting mid-stream ends with an aborted error, keeps the partial text and closes the connection', async () => {
    const abort = new AbortController();
    const h = harness();
    const events = [];
    let text = '';
    for await (const event of h.client.run({ agent: 'express' }, scenario('stall', 'Abort me'), { apiKey: KEY, signal: abort.signal })) {
      events.push(event);
      if (event.type === 'text') {
        text += event.delta;
        if (text.length > 20) abort.abort();
      }
    }
    const last = events.at(-1)!;
    assert.ok(last.type === 'error' && last.error.kind === 'aborted' && last.partialText === text);
  });

  test('breaking out of the loop closes the stream', async () => {
    const h = harness({ idleTimeoutMs: 60_000 });
    const started = Date.now();
    for await (const event of h.client.run({ agent: 'express' }, scenario('stall', 'Break'), { apiKey: KEY })) {
      if (event.type === 'text') break;
    }
    assert.ok(Date.now() - started < 5_000, 'returned promptly instead of waiting for the stalled stream');
  });

  test('an already aborted signal sends nothing', async () => {
    const before = server.requests.length;
    const run = await collectRun(harness().client.run({ agent: 'express' }, 'q', { apiKey: KEY, signal: AbortSignal.abort() }));
    assert.equal(run.error?.kind, 'aborted');
    assert.equal(server.requests.length, before);
  });
});

describe('key check', () => {
  test('a good key is valid, a bad key invalid, an unreachable server unknown; no agent run either way', async () => {
    const { checkKey } = await import('../../src/core/you/client');
    assert.deepEqual(await checkKey(server.url, KEY), { result: 'valid' });
    const bad = await checkKey(server.url, 'FAKE-not-a-key-wrong-000000');
    assert.equal(bad.result, 'invalid');
    // The reason travels with the English message, so the host can word it in the display language.
    assert.ok(bad.result === 'invalid' && bad.reason.code === 'http-status' && bad.reason.status === 401);
    assert.match(bad.message, /401/);
    const port = await freePort();
    const unreachable = await checkKey(`http://127.0.0.1:${port}`, KEY);
    assert.equal(unreachable.result, 'unknown');
    assert.ok(unreachable.result === 'unknown' && unreachable.reason.code === 'unreachable');
    assert.equal((server.requests.at(-1)!.body as { input?: string }).input, undefined);
  });
});

describe('hostile sources', () => {
  test('citations without an http(s) URL are dropped, the others keep their server numbering', async () => {
    const run = await ask(scenario('hostile'));
    assert.equal(run.outcome, 'done');
    assert.deepEqual(
      run.citations.map((c) => [c.index, c.url]),
      [[2, 'https://example.com/safe']],
    );
  });
});
