import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { collectRun, type RunSummary } from '../../src/core/events';
import { YouClient } from '../../src/core/you/client';
import type { YouAgentConfig } from '../../src/core/you/request';
import { advancedAnswer, DEMO_SOURCES, expressAnswer } from '../../src/demo/answers';
import { MAX_BODY_BYTES, startDemoServer, type DemoServer } from '../../src/demo/server';
import { freePort } from '../servers/ports';

const CUSTOM = '63773261-b4de-4d8f-9dfd-cff206a5cb51';

let demo: DemoServer;
before(async () => {
  demo = await startDemoServer({ deltaDelayMs: 0 });
});
after(() => demo.close());

function ask(input: string, config: YouAgentConfig = { agent: 'express' }, options: { stream?: boolean; apiKey?: string } = {}): Promise<RunSummary> {
  return collectRun(new YouClient({ baseUrl: demo.url }).run(config, input, options));
}

function post(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${demo.url}/v1/agents/runs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
}

/** Whether a TCP connection to host:port opens (false on refusal or after 2 s). */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

describe('answers through the real You.com client, with no key', () => {
  test('advanced: a streamed answer with research steps and four web sources, cited inline', async () => {
    const run = await ask('Compare SSE and WebSocket', { agent: 'advanced' });
    assert.equal(run.outcome, 'done', run.error?.message);
    assert.equal(run.text, advancedAnswer('Compare SSE and WebSocket'));
    assert.ok(run.events.filter((e) => e.type === 'text').length > 20, 'the answer arrives as many deltas');
    assert.deepEqual(
      run.citations.map((c) => [c.index, c.url, c.title]),
      DEMO_SOURCES.map((s, i) => [i + 1, s.url, s.title]),
    );
    assert.match(run.text, /\[\[1\]\]\(https:\/\/developer\.mozilla\.org/);
    assert.ok(run.progress.includes('Planning 3 steps'));
    const firstText = run.events.findIndex((e) => e.type === 'text');
    const citations = run.events.findIndex((e) => e.type === 'citations');
    assert.ok(citations >= 0 && citations < firstText, 'sources arrive before the answer text');
  });

  test('express and custom agents stream their own answers', async () => {
    const express = await ask('What is SSE?');
    assert.equal(express.outcome, 'done', express.error?.message);
    assert.equal(express.text, expressAnswer('What is SSE?'));
    const custom = await ask('Plan my day', { agent: CUSTOM });
    assert.equal(custom.outcome, 'done', custom.error?.message);
    assert.match(custom.text, /^### Custom agent `63773261`/);
    assert.match(custom.text, /You asked: \*Plan my day\*/);
  });

  test('batch mode (stream: false) answers in one JSON body, sources included', async () => {
    const run = await ask('Compare SSE and WebSocket', { agent: 'advanced' }, { stream: false });
    assert.equal(run.outcome, 'done', run.error?.message);
    assert.equal(run.text, advancedAnswer('Compare SSE and WebSocket'));
    assert.equal(run.citations.length, DEMO_SOURCES.length);
    assert.equal(run.events.filter((e) => e.type === 'text').length, 1);
  });

  test('an unknown agent is a clean 404 the client reports', async () => {
    const run = await ask('hi', { agent: 'no-such-agent' });
    assert.equal(run.outcome, 'error');
    const response = await post(JSON.stringify({ agent: 'no-such-agent', input: 'hi' }));
    assert.equal(response.status, 404);
    assert.match((await response.json()).detail, /no-such-agent/);
  });
});

describe('no test hooks in the product demo', () => {
  test('scenario markers and headers are just text: [scenario:error-500] still gets a normal answer', async () => {
    for (const input of ['[scenario:error-500] hi', 'q [scenario:stream-failed]', 'q [scenario:close-mid]', 'q [scenario:rate-limit]']) {
      const run = await ask(input);
      assert.equal(run.outcome, 'done', `${input}: ${run.error?.message}`);
      assert.equal(run.text, expressAnswer(input));
    }
    const response = await post(JSON.stringify({ agent: 'express', input: 'hi', stream: false }), { 'x-scenario': 'error-500' });
    assert.equal(response.status, 200);
  });

  test('a key sent anyway is never echoed back', async () => {
    const key = 'demo-should-never-see-this-key-0123';
    const run = await ask('[scenario:echo-key] hi', { agent: 'express' }, { apiKey: key });
    assert.equal(run.outcome, 'done', run.error?.message);
    const response = await post(JSON.stringify({ agent: 'express', input: '[scenario:echo-key]', stream: true }), { Authorization: `Bearer ${key}` });
    assert.equal(response.status, 200);
    assert.ok(!(await response.text()).includes(key));
  });
});

describe('request checks', () => {
  test('a body over 1 MiB gets 413, with or without a Content-Length', async () => {
    const big = JSON.stringify({ agent: 'express', input: 'x'.repeat(MAX_BODY_BYTES) });
    const declared = await post(big);
    assert.equal(declared.status, 413);
    assert.match((await declared.json()).detail, /larger than/);
    const bytes = new TextEncoder().encode(big);
    const chunked = await fetch(`${demo.url}/v1/agents/runs`, {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    await chunked.arrayBuffer();
  });

  test('a body of exactly 1 MiB is read, not refused', async () => {
    const prefix = JSON.stringify({ agent: 'express', input: '' }).slice(0, -2);
    const body = `${prefix}${'y'.repeat(MAX_BODY_BYTES - prefix.length - 2)}"}`;
    assert.equal(Buffer.byteLength(body), MAX_BODY_BYTES);
    const response = await post(body);
    assert.equal(response.status, 200);
    assert.equal((await response.json()).output.at(-1).type, 'message.answer');
  });

  test('malformed bodies get 400 with a reason', async () => {
    const bodies = [
      '{not json',
      '[]',
      '"text"',
      JSON.stringify({ agent: 'express' }),
      JSON.stringify({ input: 'hi' }),
      JSON.stringify({ agent: 'express', input: 'hi', stream: 'yes' }),
    ];
    for (const body of bodies) {
      const response = await post(body);
      assert.equal(response.status, 400, body);
      assert.equal(typeof (await response.json()).detail, 'string');
    }
  });

  test('other paths are 404, other methods on the runs path 405', async () => {
    const notFound = await fetch(`${demo.url}/v1/other`, { method: 'POST', body: '{}' });
    assert.equal(notFound.status, 404);
    await notFound.arrayBuffer();
    const wrongMethod = await fetch(`${demo.url}/v1/agents/runs`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    await wrongMethod.arrayBuffer();
  });
});

describe('lifecycle', () => {
  test('binds 127.0.0.1 only, on the port asked for', async () => {
    const port = await freePort();
    const server = await startDemoServer({ port, deltaDelayMs: 0 });
    try {
      assert.equal(server.url, `http://127.0.0.1:${port}`);
      assert.equal(await reachable('127.0.0.1', port), true);
      const others = Object.values(networkInterfaces())
        .flat()
        .map((i) => i?.address)
        .filter((a): a is string => !!a && a !== '127.0.0.1' && !a.startsWith('fe80:'));
      for (const address of others) assert.equal(await reachable(address, port), false, `reachable on ${address}`);
    } finally {
      await server.close();
    }
  });

  test('by default it picks a free loopback port', async () => {
    const [a, b] = await Promise.all([startDemoServer(), startDemoServer()]);
    try {
      assert.match(a.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(a.url, b.url);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('with a delta delay the answer streams; Stop ends it early, and close() ends streams still open', async () => {
    const slow = await startDemoServer({ deltaDelayMs: 20 });
    try {
      const controller = new AbortController();
      const started = Date.now();
      let texts = 0;
      const client = new YouClient({ baseUrl: slow.url });
      const summary = await collectRun(
        (async function* () {
          for await (const event of client.run({ agent: 'advanced' }, 'q', { signal: controller.signal })) {
            if (event.type === 'text' && ++texts === 3) controller.abort();
            yield event;
          }
        })(),
      );
      assert.equal(summary.outcome, 'error');
      assert.equal(summary.error?.kind, 'aborted');
      assert.ok(Date.now() - started < 2_000, 'stopped long before the whole answer (about 5 s at this pace)');

      const open = await fetch(`${slow.url}/v1/agents/runs`, { method: 'POST', body: JSON.stringify({ agent: 'advanced', input: 'q', stream: true }) });
      const reader = open.body!.getReader();
      await reader.read();
      const closing = Date.now();
      await slow.close();
      let ended = false;
      for (let i = 0; i < 10_000 && !ended; i++) ended = await reader.read().then((r) => r.done, () => true);
      assert.ok(ended);
      assert.ok(Date.now() - closing < 2_000, 'close() does not wait for the stream to finish');
    } finally {
      await slow.close().catch(() => undefined);
    }
  });
});
