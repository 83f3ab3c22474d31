import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectRun } from '../../src/core/events';
import { DEFAULT_NET_POLICY, type NetPolicy } from '../../src/core/net/http';
import type { Log } from '../../src/core/redact';
import { checkKey, YouClient, type YouClientOptions } from '../../src/core/you/client';
import { localServer, writeHuge } from './local-server';

const KEY = 'FAKE-not-a-key-trust-0123456789';
const express = { agent: 'express' };

function recordingFetch(): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response('{}');
    }) as typeof fetch,
  };
}

function client(baseUrl: string, options: Partial<YouClientOptions> = {}, policy: Partial<NetPolicy> = {}): { client: YouClient; logs: string[] } {
  const logs: string[] = [];
  const log: Log = { debug: (m) => logs.push(m), info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const youClient = new YouClient({
    baseUrl,
    policy: { ...DEFAULT_NET_POLICY, ...policy },
    net: { sleep: async () => {} },
    log,
    ...options,
  });
  return { client: youClient, logs };
}

describe('the API key goes only to a safe endpoint', () => {
  for (const [baseUrl, reason] of [
    ['http://api.example.com', /must use https/],
    ['https://user:pw123456@api.you.com', /must not contain a user name or password/],
  ] as const) {
    test(`${baseUrl.replace(/pw\d+/, 'PW')}: a config error, nothing sent`, async () => {
      const fake = recordingFetch();
      const { client: you, logs } = client(baseUrl, { net: { fetch: fake.fetch } });
      const run = await collectRun(you.run(express, 'q', { apiKey: KEY }));
      assert.equal(run.error?.kind, 'config');
      assert.equal(run.error?.action.kind, 'check-settings');
      assert.match(run.error!.message, reason);
      assert.doesNotMatch(run.error!.message + logs.join('\n'), /pw123456/);
      assert.deepEqual(fake.calls, []);
      const check = await checkKey(baseUrl, KEY, DEFAULT_NET_POLICY, { fetch: fake.fetch });
      assert.equal(check.result, 'unknown');
      assert.deepEqual(fake.calls, []);
    });
  }

  test('https, and plain http on loopback, are allowed', async () => {
    for (const baseUrl of ['https://api.you.com', 'http://127.0.0.1:9', 'http://localhost:9']) {
      const fake = recordingFetch();
      const { client: you } = client(baseUrl, { net: { fetch: fake.fetch } });
      await collectRun(you.run(express, 'q', { apiKey: KEY }));
      assert.equal(fake.calls.length, 1, baseUrl);
    }
  });

  test('without a key (a demo server) plain http elsewhere is not refused', async () => {
    const fake = recordingFetch();
    const { client: you } = client('http://demo.example', { net: { fetch: fake.fetch } });
    await collectRun(you.run(express, 'q'));
    assert.equal(fake.calls.length, 1);
  });

  test('a redirect is an error and the key never reaches the other origin', async () => {
    const other = await localServer((_req, res) => res.end('{}'));
    const first = await localServer((_req, res) => {
      res.writeHead(308, { Location: `${other.url}/v1/agents/runs` });
      res.end();
    });
    try {
      const { client: you } = client(first.url);
      const run = await collectRun(you.run(express, 'q', { apiKey: KEY }));
      assert.equal(run.error?.kind, 'http');
      assert.equal(run.error?.action.kind, 'check-settings');
      assert.match(run.error!.message, /redirected to http:\/\/127\.0\.0\.1:\d+\/v1\/agents\/runs/);
      assert.equal(first.hits[0]?.authorization, `Bearer ${KEY}`);
      assert.equal(other.hits.length, 0);
    } finally {
      await Promise.all([first.close(), other.close()]);
    }
  });

  test('the log names the endpoint without its query or user info', async () => {
    const fake = recordingFetch();
    const { client: you, logs } = client('http://127.0.0.1:9/base?token=qsecret', { net: { fetch: fake.fetch } });
    await collectRun(you.run(express, 'q'));
    assert.ok(logs.some((l) => l.startsWith('POST http://127.0.0.1:9/base/v1/agents/runs agent=express')), logs.join('\n'));
    assert.doesNotMatch(logs.join('\n'), /qsecret/);
  });
});

describe('batch mode', () => {
  test('says it is waiting, and a run past its deadline is one request and an error with Retry', async () => {
    const server = await localServer(() => {
      // the whole answer never comes
    });
    try {
      // The stream connect timeout is long; only the batch deadline may end this run.
      // Generous: the machine running the tests may be loaded, and the request must arrive first.
      const { client: you } = client(server.url, { batchDeadlineMs: 2_000 }, { connectTimeoutMs: 60_000 });
      const started = Date.now();
      const run = await collectRun(you.run(express, 'q', { apiKey: KEY, stream: false }));
      assert.ok(Date.now() - started < 20_000);
      const waiting = { type: 'progress', kind: 'status', status: 'batch-waiting', message: 'batch-waiting' };
      assert.deepEqual(run.events[0], waiting, 'a status code; the host words it');
      assert.equal(run.error?.kind, 'connect-timeout');
      assert.deepEqual(run.error?.action, { kind: 'retry' });
      assert.match(run.error!.message, /whole answer did not arrive within 2 s \(batch mode\)/);
      assert.equal(server.hits.length, 1);
      assert.equal(server.connections(), 1);
    } finally {
      await server.close();
    }
  });

  test('the deadline is the batch run\'s own: a slow batch answer inside it succeeds although it exceeds the stream connect timeout', async () => {
    const server = await localServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ output: [{ type: 'message.answer', text: 'late but whole' }] }));
      }, 400);
    });
    try {
      const { client: you } = client(server.url, { batchDeadlineMs: 5_000 }, { connectTimeoutMs: 100 });
      const run = await collectRun(you.run(express, 'q', { apiKey: KEY, stream: false }));
      assert.equal(run.outcome, 'done', run.error?.message);
      assert.equal(run.text, 'late but whole');
    } finally {
      await server.close();
    }
  });

  test('a batch JSON body past its cap is a protocol error naming the limit', async () => {
    const server = await localServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ output: [{ type: 'message.answer', text: 'y'.repeat(10_000) }] }));
    });
    try {
      const { client: you } = client(server.url, { limits: { jsonBodyBytes: 4096 } });
      const run = await collectRun(you.run(express, 'q', { apiKey: KEY, stream: false }));
      assert.equal(run.error?.kind, 'protocol');
      assert.match(run.error!.message, /4 KiB size limit/);
    } finally {
      await server.close();
    }
  });
});

describe('bounded reads in a run', () => {
  test('a huge error body is not read whole; the error keeps its status and a summary', async () => {
    let written: Promise<number> = Promise.resolve(0);
    const server = await localServer((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      written = writeHuge(res, 50 * 1024 * 1024, 'e');
    });
    try {
      const { client: you } = client(server.url, { limits: { errorBodyBytes: 64 * 1024 } });
      const run = await collectRun(you.run(express, 'q', { apiKey: KEY }));
      assert.equal(run.error?.status, 401);
      assert.equal(run.error?.action.kind, 'set-key');
      const sent = await written;
      assert.ok(sent < 16 * 1024 * 1024, `the server could write ${sent} bytes`);
    } finally {
      await server.close();
    }
  });

  test('a stream past its total-bytes cap ends with an error that keeps the partial text', async () => {
    const server = await localServer(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ type: 'response.created' })}\n\n`);
      for (let i = 0; i < 2000 && !res.destroyed; i++) {
        res.write(`data: ${JSON.stringify({ type: 'response.output_text.delta', response: { type: 'message.answer', delta: `word${i} ` } })}\n\n`);
        if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
    try {
      const { client: you } = client(server.url, { limits: { streamBytes: 8 * 1024 } });
      const run = await collectRun(you.run(express, 'q', { apiKey: KEY }));
      assert.equal(run.error?.kind, 'protocol');
      assert.match(run.error!.message, /8 KiB size limit/);
      const last = run.events.at(-1)!;
      assert.ok(last.type === 'error' && last.partialText === run.text);
      assert.ok(run.text.startsWith('word0 word1 '));
      assert.ok(run.text.length < 8 * 1024);
    } finally {
      await server.close();
    }
  });
});

describe('web results', () => {
  test('a thumbnail that is not http(s) is dropped, the citation kept', async () => {
    const { toCitations } = await import('../../src/core/you/events');
    const [citation] = toCitations([{ url: 'https://a.example/', title: 'A', snippet: '', thumbnail_url: 'javascript:alert(1)' }]);
    assert.equal(citation?.url, 'https://a.example/');
    assert.equal(citation?.thumbnailUrl, undefined);
    assert.equal(toCitations([{ url: 'https://a.example/', thumbnail_url: 'https://a.example/t.png' }])[0]?.thumbnailUrl, 'https://a.example/t.png');
  });
});
