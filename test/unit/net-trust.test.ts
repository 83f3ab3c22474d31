import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAgentError, type AgentError } from '../../src/core/errors';
import { DEFAULT_NET_POLICY, mayRetry, openHttp, type HttpRequest, type NetPolicy } from '../../src/core/net/http';
import { freePort } from '../servers/ports';
import { localServer, writeHuge } from './local-server';

/** A policy with fast timeouts, and backoff that is recorded instead of waited out. */
function fast(overrides: Partial<NetPolicy> = {}, maxRetries = 3): { policy: NetPolicy; sleeps: number[]; net: { sleep: (ms: number) => Promise<void> } } {
  const sleeps: number[] = [];
  return {
    policy: { ...DEFAULT_NET_POLICY, ...overrides, retry: { ...DEFAULT_NET_POLICY.retry, maxRetries } },
    sleeps,
    net: { sleep: async (ms: number) => void sleeps.push(ms) },
  };
}

const post = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  url,
  method: 'POST',
  service: 'test',
  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret-token-abcdef' },
  body: '{"input":"q"}',
  ...extra,
});

function agentError(check: (err: AgentError) => void) {
  return (err: unknown) => {
    assert.ok(isAgentError(err), String(err));
    check(err);
    return true;
  };
}

describe('redirects are never followed', () => {
  test('a 307 to another origin is an error naming the target; the other origin receives nothing', async () => {
    const other = await localServer((_req, res) => res.end('{}'));
    const first = await localServer((_req, res) => {
      const target = new URL(`${other.url}/steal?token=query-secret`);
      target.username = 'user';
      target.password = 'hunter2pw';
      res.writeHead(307, { Location: target.href });
      res.end();
    });
    try {
      const { policy, net } = fast();
      await assert.rejects(
        openHttp(post(`${first.url}/v1/agents/runs`), policy, net),
        agentError((err) => {
          assert.equal(err.kind, 'http');
          assert.equal(err.status, 307);
          assert.deepEqual(err.action, { kind: 'check-settings' });
          assert.match(err.message, new RegExp(`redirected to ${other.url.replace(/\./g, '\\.')}/steal \\(307\\)`));
          assert.doesNotMatch(err.message, /hunter2pw|query-secret|user@/);
        }),
      );
      assert.equal(first.hits.length, 1);
      assert.equal(other.hits.length, 0, 'the redirect target got a request');
    } finally {
      await Promise.all([first.close(), other.close()]);
    }
  });

  test('a redirect without Location names just the status', async () => {
    const server = await localServer((_req, res) => {
      res.writeHead(302);
      res.end();
    });
    try {
      await assert.rejects(
        openHttp({ url: `${server.url}/agents`, method: 'GET', service: 'acp' }, fast().policy),
        agentError((err) => {
          assert.match(err.message, /acp: the server answered with a redirect \(302\)/);
          assert.equal(err.action.kind, 'check-settings');
        }),
      );
      assert.equal(server.hits.length, 1, 'a redirect is not retried either');
    } finally {
      await server.close();
    }
  });
});

describe('credentials stay with their origin', () => {
  test('a request whose URL is not the credential origin is refused before anything is sent', async () => {
    let calls = 0;
    const fetchFake = (async () => {
      calls++;
      return new Response('{}');
    }) as typeof fetch;
    await assert.rejects(
      openHttp(post('https://evil.example/v1/agents/runs', { credentialOrigin: 'https://api.you.com' }), fast().policy, { fetch: fetchFake }),
      agentError((err) => {
        assert.equal(err.kind, 'config');
        assert.equal(err.action.kind, 'check-settings');
        assert.match(err.message, /refusing to send the credential to https:\/\/evil\.example\/v1\/agents\/runs/);
      }),
    );
    assert.equal(calls, 0);
    const ok = await openHttp(post('https://api.you.com/v1/agents/runs', { credentialOrigin: 'https://api.you.com' }), fast().policy, { fetch: fetchFake });
    assert.equal(ok.status, 200);
    assert.equal(calls, 1);
  });
});

describe('a credential is bound to scheme, host and port, not the host alone', () => {
  test('the key of https://api.you.com is never sent over http, or to another port, of the same host', async () => {
    let calls = 0;
    const fetchFake = (async () => {
      calls++;
      return new Response('{}');
    }) as typeof fetch;
    for (const url of ['http://api.you.com/v1/agents/runs', 'https://api.you.com:8443/v1/agents/runs', 'https://API.you.com.evil.example/']) {
      await assert.rejects(
        openHttp(post(url, { credentialOrigin: 'https://api.you.com' }), fast().policy, { fetch: fetchFake }),
        agentError((err) => assert.equal(err.reason.code, 'credential-refused')),
        url,
      );
    }
    assert.equal(calls, 0);
    // The same origin written differently (default port, host case) is the same origin.
    await openHttp(post('https://API.you.com:443/v1/agents/runs', { credentialOrigin: 'https://api.you.com' }), fast().policy, { fetch: fetchFake });
    assert.equal(calls, 1);
  });
});

describe('an agent run is never started twice', () => {
  test('the rule, as a table', () => {
    const refused = { kind: 'network', codes: ['ECONNREFUSED'] } as const;
    const dns = { kind: 'network', codes: ['ENOTFOUND'] } as const;
    const dnsAgain = { kind: 'network', codes: ['EAI_AGAIN'] } as const;
    const reset = { kind: 'network', codes: ['ECONNRESET'] } as const;
    const timeout = { kind: 'connect-timeout' } as const;
    const status = (s: number, retryAfter = false) => ({ kind: 'status', status: s, retryAfter }) as const;
    for (const failure of [refused, dns, dnsAgain, status(429), status(503, true)]) assert.equal(mayRetry('POST', failure), true, JSON.stringify(failure));
    for (const failure of [reset, timeout, status(500), status(502), status(503), status(504), status(400)]) {
      assert.equal(mayRetry('POST', failure), false, JSON.stringify(failure));
    }
    for (const failure of [reset, timeout, status(500), status(502), status(503), status(504)]) {
      assert.equal(mayRetry('GET', failure), true, JSON.stringify(failure));
    }
    for (const failure of [status(400), status(401), status(404)]) assert.equal(mayRetry('GET', failure), false);
  });

  test('a POST the server accepts but never answers: exactly one request, a connect timeout with Retry', async () => {
    const server = await localServer(() => {
      // never answer
    });
    try {
      // Generous: the machine running the tests may be loaded, and the request must arrive first.
      const { policy, net, sleeps } = fast({ connectTimeoutMs: 2_000 });
      await assert.rejects(
        openHttp(post(`${server.url}/runs`), policy, net),
        agentError((err) => {
          assert.equal(err.kind, 'connect-timeout');
          assert.deepEqual(err.action, { kind: 'retry' });
        }),
      );
      assert.equal(server.hits.length, 1);
      assert.equal(server.connections(), 1);
      assert.deepEqual(sleeps, []);
    } finally {
      await server.close();
    }
  });

  test('the same silence on an idempotent GET is retried', async () => {
    const server = await localServer(() => {});
    try {
      const { policy, net, sleeps } = fast({ connectTimeoutMs: 500 }, 2);
      await assert.rejects(openHttp({ url: `${server.url}/agents`, method: 'GET', service: 'acp' }, policy, net));
      assert.equal(sleeps.length, 2, 'three attempts');
      assert.ok(server.hits.length >= 2, `the GET was sent again (${server.hits.length} requests)`);
    } finally {
      await server.close();
    }
  });

  test('429 then 200: the POST is retried and succeeds', async () => {
    const server = await localServer((_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(429, { 'Retry-After': '1' });
        return res.end('{}');
      }
      res.end('{"ok":true}');
    });
    try {
      const { policy, net, sleeps } = fast();
      const response = await openHttp(post(`${server.url}/runs`), policy, net);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '{"ok":true}');
      assert.equal(server.hits.length, 2);
      assert.deepEqual(sleeps, [1000]);
    } finally {
      await server.close();
    }
  });

  test('503 with Retry-After is retried after a POST; 503 without, and 500, are handed out after one request', async () => {
    const server = await localServer((req, res, hit) => {
      if (req.url === '/with' && hit === 1) {
        res.writeHead(503, { 'Retry-After': '2' });
        return res.end();
      }
      if (req.url === '/with') return res.end('{}');
      res.writeHead(req.url === '/500' ? 500 : 503);
      res.end('{}');
    });
    try {
      const a = fast();
      assert.equal((await openHttp(post(`${server.url}/with`), a.policy, a.net)).status, 200);
      assert.deepEqual(a.sleeps, [2000]);
      const before = server.hits.length;
      const b = fast();
      assert.equal((await openHttp(post(`${server.url}/without`), b.policy, b.net)).status, 503);
      assert.equal((await openHttp(post(`${server.url}/500`), b.policy, b.net)).status, 500);
      assert.equal(server.hits.length - before, 2);
      assert.deepEqual(b.sleeps, []);
    } finally {
      await server.close();
    }
  });

  test('connection refused: nothing was sent, so the POST is retried', async () => {
    const port = await freePort();
    const { policy, net, sleeps } = fast({}, 2);
    await assert.rejects(
      openHttp(post(`http://127.0.0.1:${port}/runs`), policy, net),
      agentError((err) => {
        assert.equal(err.kind, 'network');
        assert.match(err.message, /ECONNREFUSED/);
      }),
    );
    assert.equal(sleeps.length, 2);
  });

  test('a connection reset after the POST was sent is not retried', async () => {
    const server = await localServer((req) => req.socket.destroy());
    try {
      const { policy, net, sleeps } = fast();
      await assert.rejects(
        openHttp(post(`${server.url}/runs`), policy, net),
        agentError((err) => {
          assert.equal(err.kind, 'network');
          assert.deepEqual(err.action, { kind: 'retry' });
        }),
      );
      assert.equal(server.hits.length, 1);
      assert.deepEqual(sleeps, []);
    } finally {
      await server.close();
    }
  });
});

describe('no user info or query in messages', () => {
  test('a network error names the URL without user info or query', async () => {
    const port = await freePort();
    await assert.rejects(
      openHttp({ url: `http://me:pa55word@127.0.0.1:${port}/x?api_key=qsecret`, method: 'GET', service: 'test' }, fast({}, 0).policy),
      agentError((err) => {
        assert.match(err.message, new RegExp(`http://127\\.0\\.0\\.1:${port}/x`));
        assert.doesNotMatch(err.message + (err.detail ?? ''), /pa55word|qsecret|me:/);
      }),
    );
  });
});

describe('bounded reads', () => {
  const MiB = 1024 * 1024;

  test('a 50 MB error body is read only up to the cap (truncate keeps the start)', async () => {
    let written: Promise<number> = Promise.resolve(0);
    const server = await localServer((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      written = writeHuge(res, 50 * MiB);
    });
    try {
      const response = await openHttp({ url: `${server.url}/x`, method: 'GET', service: 'test' }, fast({}, 0).policy);
      const text = await response.text(64 * 1024, 'truncate');
      assert.equal(text.length, 64 * 1024);
      const sent = await written;
      assert.ok(sent < 16 * MiB, `the server could write ${sent} bytes`);
    } finally {
      await server.close();
    }
  });

  test('past the cap, a body needed whole is a protocol error naming the limit', async () => {
    const server = await localServer((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'Content-Length': String(50 * MiB) });
        void writeHuge(res, 50 * MiB);
        return;
      }
      res.writeHead(200);
      void writeHuge(res, 50 * MiB);
    });
    try {
      for (const path of ['/declared', '/chunked']) {
        const response = await openHttp({ url: `${server.url}${path}`, method: 'GET', service: 'test' }, fast({}, 0).policy);
        await assert.rejects(
          response.text(2 * MiB),
          agentError((err) => {
            assert.equal(err.kind, 'protocol');
            assert.match(err.message, /2 MiB size limit/);
          }),
        );
      }
    } finally {
      await server.close();
    }
  });

  test('a stream is cut after its total-bytes cap', async () => {
    const server = await localServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      void writeHuge(res, 50 * MiB);
    });
    try {
      const response = await openHttp({ url: `${server.url}/s`, method: 'GET', service: 'test' }, fast({}, 0).policy);
      let read = 0;
      await assert.rejects(async () => {
        for await (const chunk of response.chunks(MiB)) read += chunk.byteLength;
      }, agentError((err) => assert.match(err.message, /1 MiB size limit/)));
      assert.ok(read <= MiB, `read ${read} bytes`);
    } finally {
      await server.close();
    }
  });
});
