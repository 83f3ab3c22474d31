import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_NET_POLICY, openHttp, parseRetryAfter } from '../../src/core/net/http';

test('Retry-After: seconds or an HTTP date; nonsense is ignored', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  assert.equal(parseRetryAfter('12', now), 12);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now), 30);
  assert.equal(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

test('backoff grows by the exponent, is jittered, and is capped', async () => {
  const sleeps: number[] = [];
  const randoms = [0, 1, 0.5, 0.5, 0.5, 0.5];
  const fetchStub = async () => new Response('{}', { status: 503 });
  const response = await openHttp(
    { url: 'http://127.0.0.1:1/x', method: 'GET', service: 'test' },
    { ...DEFAULT_NET_POLICY, retry: { maxRetries: 5, initialDelayMs: 1000, exponent: 2, maxDelayMs: 4000, maxTotalWaitMs: 60_000 } },
    { fetch: fetchStub as typeof fetch, sleep: async (ms) => void sleeps.push(ms), random: () => randoms.shift() ?? 0.5 },
  );
  assert.equal(response.status, 503);
  // jitter factor 0.75 + r/2: 1000*0.75, 2000*1.25, then 4000 (capped) * 1
  assert.deepEqual(sleeps, [750, 2500, 4000, 4000, 4000]);
});

test('non-retryable statuses are handed out at once', async () => {
  let calls = 0;
  const fetchStub = async () => {
    calls++;
    return new Response('{}', { status: 400 });
  };
  const response = await openHttp({ url: 'http://127.0.0.1:1/x', method: 'GET', service: 'test' }, DEFAULT_NET_POLICY, {
    fetch: fetchStub as typeof fetch,
  });
  assert.equal(response.status, 400);
  assert.equal(calls, 1);
});

test('abort during a backoff wait stops at once', async () => {
  const abort = new AbortController();
  const fetchStub = async () => {
    setTimeout(() => abort.abort(), 10);
    return new Response('{}', { status: 503 });
  };
  const started = Date.now();
  await assert.rejects(
    openHttp(
      { url: 'http://127.0.0.1:1/x', method: 'GET', service: 'test', signal: abort.signal },
      { ...DEFAULT_NET_POLICY, retry: { ...DEFAULT_NET_POLICY.retry, initialDelayMs: 10_000 } },
      { fetch: fetchStub as typeof fetch },
    ),
    (err: { kind: string }) => err.kind === 'aborted',
  );
  assert.ok(Date.now() - started < 2_000);
});
