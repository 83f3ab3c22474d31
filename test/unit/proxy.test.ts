import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AgentError } from '../../src/core/errors';
import { DEFAULT_NET_POLICY, openHttp } from '../../src/core/net/http';
import { failedAtProxy, proxyFor, proxyRoute } from '../../src/core/net/proxy';
import { errorText } from '../../src/core/errorText';
import { untranslated } from '../../src/core/translate';

/**
 * VS Code routes the extension's fetch through `http.proxy` (src/core/net/proxy.ts mirrors its
 * rules); the extension's part is naming the proxy when a request through it fails.
 */
describe('which proxy a request goes through (VS Code rules)', () => {
  test('http.proxy wins over the environment; off, fetch support off or a schemeless value mean none', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:8080' };
    assert.equal(proxyRoute({ proxy: 'http://corp:3128', env })?.url, 'http://corp:3128');
    assert.equal(proxyRoute({ proxy: '', env })?.url, 'http://env-proxy:8080');
    assert.equal(proxyRoute({ proxy: 'http://corp:3128', support: 'off' }), undefined);
    assert.equal(proxyRoute({ proxy: 'http://corp:3128', fetchSupport: false }), undefined);
    assert.equal(proxyRoute({ proxy: 'corp:3128' }), undefined);
    assert.equal(proxyRoute({}), undefined);
    assert.equal(proxyRoute({ proxy: 42, env: {} }), undefined);
  });

  test('loopback goes direct; http.noProxy (else NO_PROXY) matches host suffixes and ports', () => {
    const route = proxyRoute({ proxy: 'http://corp:3128', noProxy: ['.internal.example', 'acp.example:8443'], env: { NO_PROXY: 'api.you.com' } })!;
    for (const direct of ['http://localhost:8000/x', 'http://127.0.0.1:1/', 'http://[::1]:8000/', 'https://a.internal.example/', 'https://acp.example:8443/']) {
      assert.equal(proxyFor(direct, route), undefined, direct);
    }
    for (const proxied of ['https://api.you.com/v1/agents/runs', 'https://acp.example/', 'https://evil.localhost.example/', 'https://you.test:4443/']) {
      assert.equal(proxyFor(proxied, route), 'http://corp:3128', proxied);
    }
    const fromEnv = proxyRoute({ proxy: 'http://corp:3128', env: { no_proxy: 'api.you.com, .corp' } })!;
    assert.equal(proxyFor('https://api.you.com/', fromEnv), undefined);
    assert.equal(proxyFor('https://x.corp/', fromEnv), undefined);
    assert.equal(proxyFor('https://example.com/', proxyRoute({ proxy: 'http://corp:3128', noProxy: ['*'] })), undefined);
    assert.equal(proxyFor('not a url', fromEnv), undefined);
  });

  test('a failure at the proxy is told from one beyond it by the cause chain', () => {
    const errno = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9 });
    const refused = new TypeError('fetch failed', { cause: errno });
    assert.equal(failedAtProxy(refused, 'http://127.0.0.1:9'), true);
    assert.equal(failedAtProxy(refused, 'http://127.0.0.1:3128'), false);
    const lookup = Object.assign(new Error('getaddrinfo ENOTFOUND proxy.corp'), { code: 'ENOTFOUND', hostname: 'proxy.corp' });
    const notFound = new TypeError('fetch failed', { cause: lookup });
    assert.equal(failedAtProxy(notFound, 'http://user:pw@proxy.corp:3128'), true);
    assert.equal(failedAtProxy(new TypeError('fetch failed', { cause: new Error('Proxy response (407) !== 200 when HTTP Tunneling') }), 'http://p:1'), true);
    assert.equal(failedAtProxy(new TypeError('fetch failed', { cause: new Error('certificate has expired') }), 'http://p:1'), false);
    // A cyclic cause chain ends.
    const cyclic: { cause?: unknown; message: string } = { message: 'x' };
    cyclic.cause = cyclic;
    assert.equal(failedAtProxy(cyclic, 'http://p:1'), false);
  });
});

describe('a request through an unreachable proxy says so and names the proxy', () => {
  const refusedAt = (port: number) => async () => {
    const errno = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: 'ECONNREFUSED', address: '127.0.0.1', port });
    throw new TypeError('fetch failed', { cause: errno });
  };
  const policy = { ...DEFAULT_NET_POLICY, retry: { ...DEFAULT_NET_POLICY.retry, maxRetries: 0 } };

  test('the error is proxy-failed, names the proxy without its password, and keeps the retry action', async () => {
    const proxy = proxyRoute({ proxy: 'http://alice:s3cret-pw@127.0.0.1:9' })!;
    const err = await openHttp({ url: 'https://api.you.com/v1/agents/runs', method: 'POST', service: 'You.com' }, { ...policy, proxy }, { fetch: refusedAt(9) as typeof fetch }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AgentError);
    assert.equal(err.kind, 'network');
    assert.deepEqual(err.reason, {
      code: 'proxy-failed',
      service: 'You.com',
      url: 'https://api.you.com/v1/agents/runs',
      proxy: 'http://127.0.0.1:9/',
      atProxy: true,
      cause: 'ECONNREFUSED',
    });
    const shown = errorText(err.reason, untranslated);
    assert.match(shown, /could not connect to the proxy http:\/\/127\.0\.0\.1:9\/ \(ECONNREFUSED\)/);
    for (const text of [shown, err.message]) assert.ok(!text.includes('s3cret') && !text.includes('alice'), text);
  });

  test('without a proxy, or to a loopback URL, it stays the plain "could not reach"', async () => {
    const proxy = proxyRoute({ proxy: 'http://127.0.0.1:9' })!;
    const cases = [
      { url: 'https://api.you.com/v1/agents/runs', policy },
      { url: 'http://127.0.0.1:8000/agents', policy: { ...policy, proxy } },
    ];
    for (const { url, policy: p } of cases) {
      const err = (await openHttp({ url, method: 'GET', service: 'local' }, p, { fetch: refusedAt(9) as typeof fetch }).catch((e: unknown) => e)) as AgentError;
      assert.equal(err.reason.code, 'unreachable', url);
    }
  });
});
