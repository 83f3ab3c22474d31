import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentError, httpError, serverDetail } from '../../src/core/errors';
import { redact } from '../../src/core/redact';

test('every documented error body shape yields its human sentence', () => {
  const cases: [string, string][] = [
    [JSON.stringify({ status: 400, code: 'bad_request', title: 'Bad Request', detail: 'tools must be an array' }), 'Bad Request: tools must be an array'],
    [JSON.stringify({ detail: 'Invalid API key' }), 'Invalid API key'],
    [JSON.stringify({ detail: [{ type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: null }] }), 'body.input: Field required'],
    [JSON.stringify({ error: 'insufficient_credits', message: 'No credits left', upgrade_url: 'https://you.com/up' }), 'No credits left'],
    [JSON.stringify({ errors: [{ title: 'Invalid tool', detail: 'compute not allowed' }] }), 'Invalid tool: compute not allowed'],
    [JSON.stringify({ code: 'not_found', message: 'Agent x not found' }), 'Agent x not found'],
    ['<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>x</h1></body></html>', '502 Bad Gateway'],
    ['upstream connect error\n or disconnect', 'upstream connect error or disconnect'],
    ['', ''],
  ];
  for (const [body, expected] of cases) assert.equal(serverDetail(body), expected, body);
});

test('status codes map to the action a user can take', () => {
  assert.deepEqual(httpError(401, '{}', undefined).action, { kind: 'set-key' });
  assert.deepEqual(httpError(402, JSON.stringify({ upgrade_url: 'https://you.com/up' }), undefined).action, {
    kind: 'add-credits',
    url: 'https://you.com/up',
  });
  assert.deepEqual(httpError(402, JSON.stringify({ upgrade_url: 'javascript:alert(1)' }), undefined).action, { kind: 'add-credits', url: undefined });
  assert.deepEqual(httpError(403, '{}', undefined).action, { kind: 'set-key' });
  assert.deepEqual(httpError(404, '{}', undefined).action, { kind: 'check-agent' });
  assert.deepEqual(httpError(422, '{}', undefined).action, { kind: 'check-settings' });
  assert.deepEqual(httpError(429, '{}', 12).action, { kind: 'wait', seconds: 12 });
  assert.deepEqual(httpError(503, '{}', undefined).action, { kind: 'retry' });
  const error = httpError(429, '{"detail":"slow down"}', 12);
  assert.equal(error.status, 429);
  assert.equal(error.kind, 'http');
  assert.match(error.message, /wait 12 s/);
  assert.match(error.message, /slow down/);
});

test('a very long body is clipped in the message', () => {
  const error = httpError(500, 'x'.repeat(5000), undefined);
  assert.ok(error.message.length < 400);
});

test('redact masks the key, bearer tokens and x-api-key values', () => {
  const key = 'fake-redact-key-0123456789';
  assert.equal(redact(`key ${key} and again ${key}`, [key]), 'key *** and again ***');
  assert.equal(redact('Authorization: Bearer abc.def-123'), 'Authorization: Bearer ***');
  assert.equal(redact('{"x-api-key": "secret123"}'), '{"x-api-key": "***"}');
  assert.equal(redact('a short word', ['a']), 'a short word');
});

test('AgentError.redacted removes secrets from message, reason and detail', () => {
  const key = 'fake-redact-key-0123456789';
  const reason = { code: 'http-status' as const, service: 'You.com', status: 401, detail: `bad key ${key}` };
  const error = new AgentError('http', reason, { status: 401, detail: `body ${key}` }).redacted([key]);
  assert.ok(!error.message.includes(key));
  assert.ok(!JSON.stringify(error.reason).includes(key));
  assert.equal(error.reason.code, 'http-status');
  assert.ok(!error.detail?.includes(key));
  assert.equal(error.status, 401);
});

test('upgrade_url is kept only for https on you.com or a subdomain', () => {
  const action = (url: unknown) => httpError(402, JSON.stringify({ upgrade_url: url }), undefined).action;
  for (const kept of ['https://you.com/platform/upgrade', 'https://billing.you.com/x?plan=pro', 'https://YOU.com/up']) {
    assert.deepEqual(action(kept), { kind: 'add-credits', url: new URL(kept).href }, kept);
  }
  for (const dropped of [
    'http://you.com/up',
    'https://evil.com/you.com',
    'https://you.com.evil.com/up',
    'https://notyou.com/up',
    'https://user:pw@you.com/up',
    'https://you.com:8443/up',
    'javascript:alert(1)',
    'data:text/html,hi',
    42,
    'not a url',
  ]) {
    assert.deepEqual(action(dropped), { kind: 'add-credits', url: undefined }, String(dropped));
  }
});

test('redact also masks the URL-encoded and JSON-escaped forms of a secret', () => {
  const key = 'ydc/sk+ab"cd\\ef==';
  const encoded = encodeURIComponent(key);
  const escaped = JSON.stringify(key).slice(1, -1);
  assert.notEqual(encoded, key);
  assert.notEqual(escaped, key);
  const text = `raw ${key} url ?k=${encoded} json {"k":"${escaped}"}`;
  const masked = redact(text, [key]);
  assert.equal(masked, 'raw *** url ?k=*** json {"k":"***"}');
  assert.equal(redact(JSON.stringify({ detail: `bad key ${key}` }), [key]), '{"detail":"bad key ***"}');
});

test('an HTML error page is summarised by its title, else its first heading, without markup or scripts', () => {
  const page = (inner: string) => `<!DOCTYPE html><html><head>${inner}</head><body><script>var x = "<title>no</title>";</script></body></html>`;
  assert.equal(serverDetail(page('<title lang="en">502 Bad &amp; Gateway</title>')), '502 Bad & Gateway');
  assert.equal(serverDetail('<html><body><h1 class="x">Service <b>down</b></h1><p>later</p></body></html>'), 'Service down');
  assert.equal(serverDetail('<html><body><style>p{}</style><script>alert(1)</script><p>Plain text</p></body></html>'), 'Plain text');
  assert.equal(serverDetail('<html><titles>x</titles><title>Real</title></html>'), 'Real');
  // Unclosed markup: what came before it stays, the rest is dropped.
  assert.equal(serverDetail('<html><body>Gateway timeout <div class="'), 'Gateway timeout');
});

test('only the start of a long error body is summarised', () => {
  const body = `<html><body><p>${'word '.repeat(200_000)}</p></body></html>`;
  const detail = serverDetail(body);
  assert.ok(detail.length <= 8 * 1024, `${detail.length}`);
});
