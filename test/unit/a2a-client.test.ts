import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { A2aClient, a2aRoute, discoverAgentServer, type A2aAgentCard, type A2aBinding, type A2aVersion } from '../../src/core/a2a';
import { collectRun, type RunEvent } from '../../src/core/events';
import { startA2aServer, type A2aAgentName, type A2aTestServer } from '../servers/a2a';
import { startAcpServer } from '../servers/acp-server';
import { freePort } from '../servers/ports';

/**
 * The A2A client against the official SDK's own server (test/servers/a2a.ts: DefaultRequestHandler
 * with jsonRpcHandler, restHandler and agentCardHandler), for both bindings, at 1.0 and against a
 * v0.3 peer (legacyCompat).
 */

async function clientFor(server: A2aTestServer, agent: A2aAgentName, token?: string): Promise<A2aClient> {
  const found = await discoverAgentServer(server.agents[agent], { name: agent, ...(token ? { token } : {}) });
  assert.equal(found.protocol, 'a2a', found.protocol === 'unavailable' ? found.error.message : '');
  const card = (found as { card: A2aAgentCard }).card;
  return new A2aClient({ name: agent, url: server.agents[agent], ...(token ? { token } : {}) }, card);
}

/** The JSON body of the last request the server got at a path ending in `suffix`. */
function lastBody(server: A2aTestServer, suffix: RegExp): Record<string, unknown> {
  const request = server.requests.filter((r) => suffix.test(r.path)).at(-1);
  assert.ok(request, `no request matching ${suffix}`);
  return request.body as Record<string, unknown>;
}

function started(events: readonly RunEvent[]): { runId?: string; sessionId?: string } {
  const event = events.find((e) => e.type === 'started');
  assert.ok(event?.type === 'started', 'no started event');
  return event;
}

const MATRIX: { version: A2aVersion; binding: A2aBinding }[] = [
  { version: '1.0', binding: 'JSONRPC' },
  { version: '1.0', binding: 'HTTP+JSON' },
  { version: '0.3', binding: 'JSONRPC' },
  { version: '0.3', binding: 'HTTP+JSON' },
];

for (const { version, binding } of MATRIX) {
  describe(`A2A ${version} over ${binding}`, () => {
    let server: A2aTestServer;
    before(async () => {
      server = await startA2aServer({ version, preferredBinding: binding, chunkDelayMs: 2 });
    });
    after(() => server.close());
    const methodPath = binding === 'JSONRPC' ? /\/jsonrpc$/ : /\/rest\//;

    test('discovery reads the card: version, binding (the first interface), streaming, skills', async () => {
      const found = await discoverAgentServer(server.agents.echo, { name: 'echo' });
      assert.equal(found.protocol, 'a2a');
      if (found.protocol !== 'a2a') return;
      assert.equal(found.version, version);
      assert.equal(found.card.endpoint.binding, binding);
      assert.equal(found.card.endpoint.version, version);
      assert.equal(found.card.streaming, true);
      assert.equal(found.card.name, 'echo');
      assert.match(found.card.description ?? '', /Streams your message/);
      assert.deepEqual(
        found.card.skills.map((s) => s.id),
        ['echo'],
      );
      assert.equal(found.card.foreignOrigin, undefined);
      const cardRequest = server.requests.find((r) => r.path === '/echo/.well-known/agent-card.json');
      assert.equal(cardRequest?.method, 'GET');
    });

    test('streamed chunks arrive in order; started carries the task and context ids; every request says its A2A-Version', async () => {
      const client = await clientFor(server, 'echo');
      const run = await collectRun(client.run('one two three four'));
      assert.equal(run.outcome, 'done', run.error?.message);
      assert.equal(run.text, 'Echo: one two three four\n\n(turn 1 of this conversation)');
      const deltas = run.events.filter((e) => e.type === 'text').map((e) => (e as { delta: string }).delta);
      assert.deepEqual(deltas.slice(0, 5), ['Echo: ', 'one ', 'two ', 'three ', 'four']);
      const ids = started(run.events);
      assert.match(ids.runId ?? '', /^[0-9a-f-]{36}$/);
      assert.match(ids.sessionId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(run.events[0]?.type, 'started');
      const sent = server.requests.filter((r) => methodPath.test(r.path));
      assert.ok(sent.length > 0);
      // A v0.3 peer gets its version; the card was asked for with 1.0 (the test server answers 0.3 regardless).
      for (const request of sent) assert.equal(request.headers['a2a-version'], version);
      const body = lastBody(server, methodPath);
      if (binding === 'JSONRPC') assert.equal(body.method, version === '1.0' ? 'SendStreamingMessage' : 'message/stream');
      else assert.match(sent.at(-1)!.path, version === '1.0' ? /\/rest\/message:stream$/ : /\/rest\/v1\/message:stream$/);
    });

    test('a follow-up with the context id reaches the same conversation', async () => {
      const client = await clientFor(server, 'echo');
      const first = await collectRun(client.run('first'));
      const { sessionId } = started(first.events);
      assert.ok(sessionId);
      const second = await collectRun(client.run('second', { contextId: sessionId }));
      assert.equal(second.outcome, 'done');
      assert.equal(second.text, 'Echo: second\n\n(turn 2 of this conversation)');
      assert.equal(started(second.events).sessionId, sessionId);
      assert.notEqual(started(second.events).runId, started(first.events).runId);
    });

    test('a message-only reply is the whole answer', async () => {
      const client = await clientFor(server, 'messenger');
      const run = await collectRun(client.run('ping'));
      assert.equal(run.outcome, 'done', run.error?.message);
      assert.equal(run.text, 'Message: ping');
      assert.ok(started(run.events).sessionId);
    });

    test('input-required asks (await with the prompt), and the answer resumes the same task and context', async () => {
      const client = await clientFor(server, 'asker');
      const first = await collectRun(client.run('greet me'));
      assert.equal(first.outcome, 'await', first.error?.message);
      const pause = first.events.find((e) => e.type === 'await');
      assert.ok(pause?.type === 'await');
      assert.equal(pause.prompt, 'What is your name?');
      const ids = started(first.events);
      assert.equal(pause.runId, ids.runId);
      const second = await collectRun(client.resume(pause.runId, 'Ada', { contextId: ids.sessionId! }));
      assert.equal(second.outcome, 'done', second.error?.message);
      assert.equal(second.text, 'Hello, Ada!');
      assert.equal(started(second.events).runId, ids.runId);
      const body = lastBody(server, methodPath);
      const params = (body.params as Record<string, unknown> | undefined) ?? body;
      const message = (binding === 'HTTP+JSON' && version === '0.3' ? body.request : params.message) as Record<string, unknown>;
      assert.equal(message.taskId, ids.runId);
      assert.equal(message.contextId, ids.sessionId);
    });

    test('cancel: the executor sees CancelTask, the stream ends as cancelled and keeps the text', async () => {
      const client = await clientFor(server, 'slow');
      const events: RunEvent[] = [];
      let cancel: Promise<unknown> | undefined;
      for await (const event of client.run('go')) {
        events.push(event);
        const texts = events.filter((e) => e.type === 'text').length;
        if (texts === 3 && !cancel) cancel = client.cancel(started(events).runId!);
      }
      await cancel;
      const taskId = started(events).runId!;
      assert.deepEqual(server.cancelled, [taskId]);
      const last = events.at(-1);
      assert.ok(last?.type === 'error', JSON.stringify(last));
      assert.equal(last.error.reason.code, 'cancelled');
      assert.match(last.partialText, /^word1 word2 word3 /);
      const body = lastBody(server, binding === 'JSONRPC' ? /\/jsonrpc$/ : /:cancel$/);
      if (binding === 'JSONRPC') assert.equal(body.method, version === '1.0' ? 'CancelTask' : 'tasks/cancel');
    });

    test('a failed task is a typed error with the agent\'s message, the partial answer kept', async () => {
      const client = await clientFor(server, 'failing');
      const run = await collectRun(client.run('try'));
      assert.equal(run.outcome, 'error');
      assert.equal(run.error?.kind, 'failed');
      assert.deepEqual(run.error?.reason, { code: 'agent-failed', service: 'failing', message: 'the tool crashed' });
      const last = run.events.at(-1);
      assert.ok(last?.type === 'error');
      assert.equal(last.partialText, 'Partial answer before the failure. ');
    });

    test('an error before the stream (JSON instead of SSE) is a typed error naming what the server said', async () => {
      const client = await clientFor(server, 'asker');
      const run = await collectRun(client.resume('no-such-task', 'hello'));
      assert.equal(run.outcome, 'error');
      assert.match(run.error?.message ?? '', /not found/i);
      const rpcCode = (run.error?.reason as { rpcCode?: number }).rpcCode;
      if (binding === 'JSONRPC') assert.deepEqual({ code: run.error?.reason.code, rpcCode }, { code: 'rpc-error', rpcCode: -32001 });
      else assert.equal(run.error?.status, 404);
    });
  });
}

describe('A2A without streaming (SendMessage)', () => {
  for (const { version, binding } of MATRIX) {
    test(`${version} ${binding}: a card without capabilities.streaming gets SendMessage, and the task's artifacts are the answer`, async () => {
      const server = await startA2aServer({ streaming: false, preferredBinding: binding, version });
      try {
        const client = await clientFor(server, 'echo');
        assert.equal(client.card.streaming, false);
        const run = await collectRun(client.run('hello there'));
        assert.equal(run.outcome, 'done', run.error?.message);
        assert.equal(run.text, 'Echo: hello there\n\n(turn 1 of this conversation)');
        assert.ok(started(run.events).runId);
        if (binding === 'JSONRPC') assert.equal(lastBody(server, /\/jsonrpc$/).method, version === '1.0' ? 'SendMessage' : 'message/send');
        else assert.ok(server.requests.some((r) => r.path === (version === '1.0' ? '/echo/rest/message:send' : '/echo/rest/v1/message:send')));
        const asked = await collectRun((await clientFor(server, 'asker')).run('hi'));
        assert.equal(asked.outcome, 'await');
      } finally {
        await server.close();
      }
    });
  }
});

describe('A2A trust', () => {
  test('a card whose interface is on another origin: reported, and nothing (no question, no token) goes there without consent', async () => {
    const elsewherePort = await freePort();
    const elsewhere = `http://127.0.0.1:${elsewherePort}`;
    const server = await startA2aServer({ interfaceOrigin: elsewhere, token: 'FAKE-token-not-a-key' });
    const hits: string[] = [];
    const trap = await startA2aServer({ port: elsewherePort });
    try {
      const found = await discoverAgentServer(server.agents.echo, { name: 'team', token: 'FAKE-token-not-a-key' });
      assert.equal(found.protocol, 'a2a');
      if (found.protocol !== 'a2a') return;
      assert.equal(found.card.foreignOrigin, elsewhere);
      const client = new A2aClient({ name: 'team', url: server.agents.echo, token: 'FAKE-token-not-a-key' }, found.card);
      const run = await collectRun(client.run('secret question'));
      assert.equal(run.error?.reason.code, 'foreign-interface');
      assert.match(run.error?.message ?? '', new RegExp(`${elsewhere}/echo/jsonrpc.*${server.url}`));
      await assert.rejects(client.cancel('some-task'), (err: Error) => /not to the server's own origin/.test(err.message));
      hits.push(...trap.requests.map((r) => r.path));
      assert.deepEqual(hits, []);
      // With consent for the questions but not the token, the question goes and the token stays home.
      const consenting = new A2aClient({ name: 'team', url: server.agents.echo, token: 'FAKE-token-not-a-key' }, found.card, {
        interfaceConsent: { origin: elsewhere, withToken: false },
      });
      const answered = await collectRun(consenting.run('hello'));
      assert.equal(answered.outcome, 'done', answered.error?.message);
      assert.ok(trap.requests.length > 0);
      for (const request of trap.requests) assert.equal(request.headers.authorization, undefined);
    } finally {
      await server.close();
      await trap.close();
    }
  });

  test('the token goes to the server\'s own origin, on the card request and on runs', async () => {
    const server = await startA2aServer({ token: 'FAKE-token-not-a-key' });
    try {
      const client = await clientFor(server, 'echo', 'FAKE-token-not-a-key');
      const run = await collectRun(client.run('hi'));
      assert.equal(run.outcome, 'done', run.error?.message);
      for (const request of server.requests) assert.equal(request.headers.authorization, 'Bearer FAKE-token-not-a-key');
      const refused = await discoverAgentServer(server.agents.echo, { name: 'team' });
      assert.equal(refused.protocol, 'unavailable');
      if (refused.protocol === 'unavailable') assert.equal(refused.error.status, 401);
    } finally {
      await server.close();
    }
  });
});

describe('discovery of other servers', () => {
  test('no agent card but GET /agents: an ACP server, with its agents', async () => {
    const acp = await startAcpServer();
    try {
      const found = await discoverAgentServer(acp.url, { name: 'local' });
      assert.equal(found.protocol, 'acp');
      if (found.protocol === 'acp') assert.ok(found.agents.some((a) => a.name === 'echo'));
    } finally {
      await acp.close();
    }
  });

  test('nothing listening: unavailable with the reason', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const retry = { maxRetries: 0, initialDelayMs: 1, exponent: 1, maxDelayMs: 1, maxTotalWaitMs: 0 };
    const found = await discoverAgentServer(url, { name: 'gone', policy: { connectTimeoutMs: 2000, idleTimeoutMs: 2000, retry } });
    assert.equal(found.protocol, 'unavailable');
    if (found.protocol === 'unavailable') assert.match(found.error.message, /could not reach .*ECONNREFUSED/);
  });

  test('a plain-http URL off loopback is refused before anything is sent', async () => {
    const found = await discoverAgentServer('http://agents.example/team', { name: 'team', token: 'FAKE-token-not-a-key' });
    assert.equal(found.protocol, 'unavailable');
    if (found.protocol === 'unavailable') assert.equal(found.error.reason.code, 'bad-endpoint');
  });
});

describe('a2aRoute', () => {
  test('the conversation\'s session id is the context id; resume and cancel reach the task', async () => {
    const server = await startA2aServer();
    try {
      const route = a2aRoute({ id: 'a2a:team/asker', label: 'asker', group: 'A2A · team' }, await clientFor(server, 'asker'));
      assert.equal(route.needsYouKey, false);
      const signal = new AbortController().signal;
      const first = await collectRun(route.run('hi', { signal }));
      const ids = started(first.events);
      const pause = first.events.find((e) => e.type === 'await');
      assert.ok(pause?.type === 'await' && route.resume);
      const second = await collectRun(route.resume(pause.runId, 'Grace', { signal, sessionId: ids.sessionId! }));
      assert.equal(second.text, 'Hello, Grace!');
      const message = (lastBody(server, /\/jsonrpc$/).params as { message: Record<string, unknown> }).message;
      assert.equal(message.contextId, ids.sessionId);
      const slow = a2aRoute({ id: 'a2a:team/slow', label: 'slow', group: 'A2A · team' }, await clientFor(server, 'slow'));
      const stop = new AbortController();
      for await (const event of slow.run('go', { signal: stop.signal })) {
        if (event.type === 'started') {
          await slow.cancel!(event.runId!);
          assert.deepEqual(server.cancelled, [event.runId]);
          stop.abort();
        }
      }
    } finally {
      await server.close();
    }
  });
});
