import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AcpClient } from '../../src/core/acp/client';
import { AcpEventMapper, partText } from '../../src/core/acp/events';
import type { Conversation } from '../../src/core/conversation';
import { collectRun, type RunEvent } from '../../src/core/events';
import { conversationToMarkdown } from '../../src/core/exportMarkdown';
import { DEFAULT_NET_POLICY } from '../../src/core/net/http';
import { localServer } from './local-server';

type Recorded = { url: string; method: string };

/** A fetch fake that answers every request with `respond()` and records what was asked. */
function fakeFetch(respond: (url: string) => Response): { fetch: typeof fetch; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const fetchFake = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), method: init?.method ?? 'GET' });
    return respond(String(url));
  }) as typeof fetch;
  return { fetch: fetchFake, calls };
}

const sse = (...events: unknown[]) =>
  new Response(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(''), { headers: { 'Content-Type': 'text/event-stream' } });

function acp(url: string, fetchFake: typeof fetch, token?: string): AcpClient {
  return new AcpClient({ name: 'srv', url, ...(token ? { token } : {}) }, { net: { fetch: fetchFake, sleep: async () => {} } });
}

function mapAll(events: unknown[]): { out: RunEvent[]; mapper: AcpEventMapper } {
  const mapper = new AcpEventMapper('srv');
  const out: RunEvent[] = [];
  for (const event of events) mapper.map({ data: JSON.stringify(event), event: undefined, id: undefined }, out);
  return { out, mapper };
}

describe('the token goes only to a safe endpoint', () => {
  test('plain http to another host, or user info, is a config error and nothing is sent', async () => {
    for (const url of ['http://agents.example:8000', 'https://me:pw987654@agents.example']) {
      const fake = fakeFetch(() => new Response('{"agents": []}'));
      const client = acp(url, fake.fetch, 'FAKE-not-a-token-acp-abcdef');
      await assert.rejects(client.listAgents(), (err: { kind: string; action: { kind: string }; message: string }) => {
        assert.equal(err.kind, 'config');
        assert.equal(err.action.kind, 'check-settings');
        assert.doesNotMatch(err.message, /pw987654|acp-token/);
        return true;
      });
      const run = await collectRun(client.run('echo', 'hi'));
      assert.equal(run.error?.kind, 'config');
      assert.deepEqual(fake.calls, []);
    }
  });

  test('without a token any http(s) server may be asked; with one, loopback http is fine', async () => {
    const fake = fakeFetch(() => new Response('{"agents": []}'));
    await acp('http://agents.example:8000', fake.fetch).listAgents();
    await acp('http://localhost:8000', fake.fetch, 'FAKE-not-a-token-acp-abcdef').listAgents();
    assert.equal(fake.calls.length, 2);
  });

  test('a server URL with a query is never asked (with or without a token), and the query is never shown', async () => {
    for (const token of [undefined, 'FAKE-not-a-token-acp-abcdef']) {
      const fake = fakeFetch(() => new Response('{"agents": []}'));
      const client = acp('https://agents.example/base?api_key=query-secret-42', fake.fetch, token);
      await assert.rejects(client.listAgents(), (err: { kind: string; message: string }) => {
        assert.equal(err.kind, 'config');
        assert.match(err.message, /https:\/\/agents\.example\/base must not contain a query/);
        assert.doesNotMatch(err.message, /query-secret/);
        return true;
      });
      assert.deepEqual(fake.calls, []);
    }
  });

  test('paths are appended to the server path, never after a query or a trailing slash', async () => {
    const fake = fakeFetch(() => new Response('{"agents": []}'));
    await acp('https://agents.example/base/', fake.fetch).listAgents();
    assert.deepEqual(fake.calls.map((c) => c.url), ['https://agents.example/base/agents']);
  });

  test('a redirect from the ACP server is refused; the other origin gets nothing', async () => {
    const other = await localServer((_req, res) => res.end('{"agents": []}'));
    const first = await localServer((_req, res) => {
      res.writeHead(301, { Location: `${other.url}/agents` });
      res.end();
    });
    try {
      const client = new AcpClient({ name: 'srv', url: first.url, token: 'FAKE-not-a-token-acp-abcdef' }, { policy: DEFAULT_NET_POLICY });
      await assert.rejects(client.listAgents(), (err: { action: { kind: string }; message: string }) => {
        assert.equal(err.action.kind, 'check-settings');
        assert.match(err.message, /redirected to http:\/\/127\.0\.0\.1:\d+\/agents \(301\)/);
        return true;
      });
      assert.equal(other.hits.length, 0);
    } finally {
      await Promise.all([first.close(), other.close()]);
    }
  });
});

describe('ids are validated before they reach a URL or an event', () => {
  test('run ids passed to cancel and resume are checked; nothing is sent for a bad one', async () => {
    const fake = fakeFetch(() => new Response('{}'));
    const client = acp('http://127.0.0.1:9', fake.fetch);
    for (const bad of ['../../agents', '', 'a/b', 'x'.repeat(200), 'id?x=1', '.hidden']) {
      await assert.rejects(client.cancel(bad), (err: { kind: string }) => err.kind === 'protocol');
      const resumed = await collectRun(client.resume(bad, 'go'));
      assert.equal(resumed.error?.kind, 'protocol');
      const withSession = await collectRun(client.run('echo', 'hi', { sessionId: bad }));
      assert.equal(withSession.error?.kind, 'protocol');
    }
    assert.deepEqual(fake.calls, []);
    await client.cancel('3f2b6c1e-0000-4000-8000-000000000001');
    assert.equal((fake.calls as Recorded[])[0]?.url, 'http://127.0.0.1:9/runs/3f2b6c1e-0000-4000-8000-000000000001/cancel');
  });

  test('a stream whose run id is invalid ends with a protocol error and never yields the id', async () => {
    const fake = fakeFetch(() => sse({ type: 'run.created', run: { run_id: '../../admin', status: 'created' } }));
    const run = await collectRun(acp('http://127.0.0.1:9', fake.fetch).run('echo', 'hi'));
    assert.equal(run.error?.kind, 'protocol');
    assert.match(run.error!.message, /invalid run id/);
    assert.ok(!JSON.stringify(run.events).includes('admin'));
  });

  test('an invalid session id, or a bad Run-ID header, is a protocol error', async () => {
    const session = fakeFetch(() => sse({ type: 'run.created', run: { run_id: 'r1', session_id: 'a b', status: 'created' } }));
    assert.equal((await collectRun(acp('http://127.0.0.1:9', session.fetch).run('echo', 'hi'))).error?.kind, 'protocol');
    const header = fakeFetch(() => new Response('data: {}\n\n', { headers: { 'Content-Type': 'text/event-stream', 'Run-ID': '../x' } }));
    assert.equal((await collectRun(acp('http://127.0.0.1:9', header.fetch).run('echo', 'hi'))).error?.kind, 'protocol');
  });

  test('a sync Run with a non-string run id is a protocol error', async () => {
    const fake = fakeFetch(() => Response.json({ run_id: 42, status: 'completed', output: [] }));
    const run = await collectRun(acp('http://127.0.0.1:9', fake.fetch).run('echo', 'hi', { mode: 'sync' }));
    assert.equal(run.error?.kind, 'protocol');
  });

  test('an await without any valid run id cannot be resumed: protocol error', () => {
    const { out } = mapAll([{ type: 'run.awaiting', run: { status: 'awaiting', await_request: { message: { parts: [{ content: 'which?' }] } } } }]);
    const last = out.at(-1);
    assert.ok(last?.type === 'error' && last.error.kind === 'protocol');
  });
});

describe('fields of the wrong type never crash and never reach a Citation', () => {
  const hostile = [
    { type: 'run.created', run: { run_id: 'r-1', status: 'created', session_id: null } },
    { type: 'message.part', part: { content: 'Hello ', content_type: 'text/plain' } },
    { type: 'message.part', part: { metadata: { kind: 'citation', url: 'https://ok.example/a', title: 42, description: { x: 1 } } } },
    { type: 'message.part', part: { metadata: { kind: 'citation', url: 7, title: 'no url' } } },
    { type: 'message.part', part: { metadata: { kind: 'citation', url: ['https://x.example'], title: 'array url' } } },
    { type: 'message.part', part: { metadata: { kind: 'trajectory', message: ['not', 'a', 'string'], tool_name: 5 } } },
    { type: 'message.part', part: { metadata: { kind: 'trajectory', message: { m: 1 }, tool_name: 'search' } } },
    { type: 'message.part', part: { content: 99, content_type: 'text/plain' } },
    { type: 'message.part', part: { content: 'x', content_type: 5, name: { n: 1 } } },
    { type: 'message.part', part: { content_url: 'https://ok.example/f) [x](javascript:alert(1)', content_type: 'image/png', name: 'f' } },
    { type: 'message.part', part: 'not a record' },
    { type: 'message.created', message: { parts: 'not an array' } },
    { type: 'message.completed', message: { parts: [null, 3, { content: 'world' }] } },
    { type: 'generic' },
    { type: 17 },
    { type: 'run.failed', run: { run_id: 'r-1', status: 'failed', error: 'a string, not a record' } },
  ];

  test('a hostile stream maps to sane events', () => {
    const { out } = mapAll(hostile);
    const citations = out.flatMap((e) => (e.type === 'citations' ? e.citations : []));
    assert.equal(citations.length, 1);
    assert.deepEqual(citations[0], { index: 1, url: 'https://ok.example/a', host: 'ok.example', title: 'ok.example', snippet: '' });
    for (const event of out) {
      if (event.type === 'text' || event.type === 'progress') assert.equal(typeof (event.type === 'text' ? event.delta : event.message), 'string');
    }
    const steps = out.filter((e) => e.type === 'progress' && e.kind === 'step').map((e) => (e as { message: string }).message);
    assert.deepEqual(steps, ['Using search']);
    const text = out.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta).join('');
    assert.match(text, /^Hello /);
    assert.match(text, /world$/);
    assert.match(text, /📎 \[f\]\(https:\/\/ok\.example\/f%29%20\[x\]%28javascript:alert%281%29\) \(image\/png\)/);
    const last = out.at(-1);
    assert.ok(last?.type === 'error' && last.error.kind === 'failed');
    // A failure without a string message is reported as such, with no made-up text.
    assert.equal(last.error.reason.code, 'agent-failed');
    assert.ok(last.error.reason.code === 'agent-failed' && last.error.reason.message === undefined);
  });

  test('a run of such events through the client, then exported to Markdown, does not crash', async () => {
    const fake = fakeFetch(() => sse(...hostile.slice(0, -1), { type: 'run.completed', run: { run_id: 'r-1', status: 'completed', output: 'nope' } }));
    const run = await collectRun(acp('http://127.0.0.1:9', fake.fetch).run('echo', 'hi'));
    assert.equal(run.outcome, 'done', run.error?.message);
    const conversation: Conversation = {
      id: 'c',
      title: 't',
      createdAt: 0,
      updatedAt: 0,
      turns: [{ id: 't1', question: 'hi', agentId: 'acp', agentLabel: 'srv', answer: run.text, citations: run.citations, status: 'done', startedAt: 0 }],
    };
    assert.match(conversationToMarkdown(conversation), /1\. \[ok\.example\]\(https:\/\/ok\.example\/a\)/);
  });

  test('partText ignores non-string content and keeps base64 text', () => {
    assert.equal(partText({ content: 5 }), '');
    assert.equal(partText({ content: Buffer.from('héllo').toString('base64'), content_encoding: 'base64' }), 'héllo');
  });
});

describe('bounded ACP bodies', () => {
  test('an ACP JSON body past its cap is a protocol error', async () => {
    const fake = fakeFetch(() => Response.json({ agents: Array.from({ length: 500 }, (_, i) => ({ name: `agent-${i}` })) }));
    const client = new AcpClient({ name: 'srv', url: 'http://127.0.0.1:9' }, { net: { fetch: fake.fetch }, limits: { jsonBodyBytes: 2048 } });
    await assert.rejects(client.listAgents(), (err: { kind: string; message: string }) => err.kind === 'protocol' && /2 KiB size limit/.test(err.message));
  });
});

describe('manifests', () => {
  test('agents without a string name are dropped; a non-string description is left out', async () => {
    const fake = fakeFetch(() =>
      Response.json({
        agents: [{ name: 'ok', description: { html: '<b>' } }, { name: 5 }, 'x', { name: 'two', description: 'fine', input_content_types: ['text/plain', 3] }],
      }),
    );
    const agents = await acp('http://127.0.0.1:9', fake.fetch).listAgents();
    assert.deepEqual(agents, [{ name: 'ok' }, { name: 'two', description: 'fine', input_content_types: ['text/plain'] }]);
  });
});

test('a Run-ID header makes the run id known before any event, so Stop can cancel it on the server', async () => {
  const server = await localServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Run-ID': 'run-early-1' });
    res.write(': connected\n\n'); // then silence: run.created never comes
  });
  try {
    const abort = new AbortController();
    const client = new AcpClient({ name: 'local', url: server.url });
    const events = client.run('slow', 'hi', { signal: abort.signal });
    const first = await events.next();
    assert.deepEqual(first.value, { type: 'started', runId: 'run-early-1' });
    abort.abort();
    for await (const _ of events) void _;
  } finally {
    await server.close();
  }
});

describe('stream-to-sync fallback only when the refusal names the mode', () => {
  /** A server that answers the first POST with `status`/`body`, and a sync Run after that; records the modes asked. */
  function refusing(status: number, body: unknown): { fetch: typeof fetch; modes: string[] } {
    const modes: string[] = [];
    const fetchFake = (async (_url: string | URL | Request, init?: RequestInit) => {
      modes.push((JSON.parse(String(init?.body)) as { mode: string }).mode);
      if (modes.length === 1) return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      const run = { run_id: 'r1', agent_name: 'echo', status: 'completed', output: [{ role: 'agent', parts: [{ content: 'ok' }] }] };
      return new Response(JSON.stringify(run), { headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    return { fetch: fetchFake, modes };
  }

  test('an ACP invalid_input naming stream mode, or a validation error on the mode field, asks again in sync', async () => {
    for (const body of [
      { code: 'invalid_input', message: 'mode stream is not supported by this server' },
      { code: 'invalid_input', message: 'Streaming is not supported.' },
      { detail: [{ loc: ['body', 'mode'], msg: "Input should be 'sync' or 'async'", type: 'literal_error' }] },
    ]) {
      const server = refusing(422, body);
      const run = await collectRun(acp('https://agents.example', server.fetch).run('echo', 'hi'));
      assert.equal(run.outcome, 'done', JSON.stringify(body));
      assert.deepEqual(server.modes, ['stream', 'sync']);
    }
  });

  test('any other 400/422 is an error: the run is never posted again, whatever words the body has', async () => {
    for (const body of [
      { code: 'invalid_input', message: 'quota exceeded for this model' },
      { code: 'invalid_input', message: 'the stream of input is too long for this mode' },
      { detail: [{ loc: ['body', 'input'], msg: 'stream mode input too long' }] },
      { detail: [{ loc: ['body', 'mode'], msg: 'bad' }, { loc: ['body', 'input'], msg: 'bad' }] },
      'stream mode refused',
    ]) {
      const server = refusing(400, body);
      const run = await collectRun(acp('https://agents.example', server.fetch).run('echo', 'hi'));
      assert.equal(run.error?.status, 400, JSON.stringify(body));
      assert.deepEqual(server.modes, ['stream'], JSON.stringify(body));
    }
  });
});
