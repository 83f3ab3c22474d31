import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AcpClient } from '../../src/core/acp/client';
import { collectRun } from '../../src/core/events';
import { DEFAULT_NET_POLICY } from '../../src/core/net/http';
import { startAcpServer, type AcpTestServer } from '../servers/acp-server';
import { freePort } from '../servers/ports';

let server: AcpTestServer;
let client: AcpClient;
before(async () => {
  server = await startAcpServer();
  client = new AcpClient({ name: 'local', url: server.url });
});
after(() => server.close());

/** The run's status as the test server has it (the client has no use for reading a run back). */
async function runStatus(runId: string): Promise<string> {
  return ((await (await fetch(`${server.url}/runs/${runId}`)).json()) as { status: string }).status;
}

describe('discovery', () => {
  test('list agents with descriptions', async () => {
    const agents = await client.listAgents();
    assert.deepEqual(
      agents.map((a) => a.name),
      ['echo', 'writer', 'asker', 'failing', 'slow'],
    );
    assert.match(agents[1]!.description ?? '', /citations/);
  });

  test('an unknown agent is a typed 404', async () => {
    const run = await collectRun(client.run('nope', 'hi'));
    assert.equal(run.error?.status, 404);
    assert.equal(run.error?.action.kind, 'check-agent');
    assert.match(run.error?.message ?? '', /Agent nope not found/);
  });
});

describe('runs in stream mode', () => {
  test('echo: the run and session ids arrive first; a follow-up in the same session continues it', async () => {
    const first = await collectRun(client.run('echo', 'hello'));
    assert.equal(first.outcome, 'done');
    assert.equal(first.text, 'Echo: hello\n\n(turn 1 of this session)');
    // The Run-ID header names the run before any event; run.created then adds the session.
    assert.ok(first.events[0]?.type === 'started' && first.events[0].runId);
    const started = first.events.find((e) => e.type === 'started' && e.sessionId);
    assert.ok(started?.type === 'started' && started.runId && started.sessionId);
    const second = await collectRun(client.run('echo', 'again', { sessionId: started.sessionId }));
    assert.equal(second.text, 'Echo: again\n\n(turn 2 of this session)');
    assert.equal((server.requests.at(-1)!.body as { session_id: string }).session_id, started.sessionId);
    assert.equal((server.requests.at(-1)!.body as { mode: string }).mode, 'stream');
    const session = (await (await fetch(`${server.url}/sessions/${started.sessionId}`)).json()) as { history: unknown[] };
    assert.equal(session.history.length, 2);
  });

  test('writer: Markdown text, citations from metadata, trajectory as progress, other types as an attachment line', async () => {
    const run = await collectRun(client.run('writer', 'what is ACP?'));
    assert.equal(run.outcome, 'done');
    assert.match(run.text, /^## ACP in one page\n\nThe \*\*Agent Communication Protocol\*\*/);
    assert.match(run.text, /You asked: \*what is ACP\?\*/);
    assert.match(run.text, /📎 \[diagram\.png\]\(https:\/\/example\.com\/acp-diagram\.png\) \(image\/png\)/);
    assert.deepEqual(
      run.citations.map((c) => [c.index, c.host, c.title]),
      [
        [1, 'agentcommunicationprotocol.dev', 'Agent Communication Protocol'],
        [2, 'github.com', 'i-am-bee/acp on GitHub'],
      ],
    );
    assert.ok(run.progress.includes('Searching the web') && run.progress.includes('Reading 2 sources'));
  });

  test('asker: the run awaits with its question, and resuming it streams the rest', async () => {
    const first = await collectRun(client.run('asker', 'give me an example'));
    assert.equal(first.outcome, 'await');
    const awaiting = first.events.at(-1);
    assert.ok(awaiting?.type === 'await');
    assert.equal(awaiting.prompt, 'Which language should the example use?');
    assert.equal(first.text, 'To tailor the example, I need one detail.');
    const rest = await collectRun(client.resume(awaiting.runId, 'Python'));
    assert.equal(rest.outcome, 'done');
    assert.match(rest.text, /Here is the example in \*\*Python\*\*:\n\n```python\nprint\("hello from ACP"\)\n```/);
    assert.equal(await runStatus(awaiting.runId), 'completed');
  });

  test('failing: run.failed becomes a typed error that keeps the partial text', async () => {
    const run = await collectRun(client.run('failing', 'go'));
    assert.equal(run.error?.kind, 'failed');
    assert.match(run.error!.message, /local: the agent failed: The agent crashed on purpose \(server_error\)/);
    const last = run.events.at(-1);
    assert.ok(last?.type === 'error' && last.partialText === 'Starting… ');
  });

  test('slow: cancel on the server ends the stream as cancelled; the run is cancelled there', async () => {
    let runId = '';
    const events = [];
    for await (const event of client.run('slow', 'take your time')) {
      events.push(event);
      if (event.type === 'started') runId = event.runId ?? '';
      if (event.type === 'text' && event.delta === 'word3 ') await client.cancel(runId);
    }
    const last = events.at(-1);
    assert.ok(last?.type === 'error' && last.error.kind === 'aborted', JSON.stringify(last));
    assert.ok(server.cancelled.includes(runId));
    assert.equal(await runStatus(runId), 'cancelled');
    assert.ok(events.filter((e) => e.type === 'text').length < 50);
  });

  test('cancel of a finished run is refused with 403', async () => {
    const run = await collectRun(client.run('echo', 'done'));
    const started = run.events[0];
    assert.ok(started?.type === 'started' && started.runId);
    await assert.rejects(client.cancel(started.runId), (err: { status: number }) => err.status === 403);
  });
});

describe('sync mode and fallbacks', () => {
  test('sync mode yields the same events from the Run object, awaits included', async () => {
    const echo = await collectRun(client.run('echo', 'sync please', { mode: 'sync' }));
    assert.equal(echo.text, 'Echo: sync please\n\n(turn 1 of this session)');
    const asker = await collectRun(client.run('asker', 'x', { mode: 'sync' }));
    assert.equal(asker.outcome, 'await');
  });

  test('a server that refuses to stream is asked again in sync mode', async () => {
    const syncOnly = await startAcpServer({ streaming: false });
    try {
      const run = await collectRun(new AcpClient({ name: 'sync-only', url: syncOnly.url }).run('writer', 'no streams here'));
      assert.equal(run.outcome, 'done');
      assert.equal(run.citations.length, 2);
      assert.deepEqual(
        syncOnly.requests.filter((r) => r.path === '/runs').map((r) => (r.body as { mode: string }).mode),
        ['stream', 'sync'],
      );
    } finally {
      await syncOnly.close();
    }
  });

  test('a token-protected server: 401 without the token (check settings), works with it, the token never shows', async () => {
    const token = 'FAKE-not-a-token-acp-123456';
    const guarded = await startAcpServer({ token });
    try {
      const denied = await collectRun(new AcpClient({ name: 'guarded', url: guarded.url }).run('echo', 'hi'));
      assert.equal(denied.error?.status, 401);
      assert.equal(denied.error?.action.kind, 'check-settings');
      const allowed = await collectRun(new AcpClient({ name: 'guarded', url: guarded.url, token }).run('echo', 'hi'));
      assert.equal(allowed.outcome, 'done');
      assert.equal(guarded.requests.at(-1)?.headers.authorization, `Bearer ${token}`);
    } finally {
      await guarded.close();
    }
  });

  test('an unreachable server is a network error', async () => {
    const port = await freePort();
    const offline = new AcpClient(
      { name: 'offline', url: `http://127.0.0.1:${port}` },
      { policy: { ...DEFAULT_NET_POLICY, retry: { ...DEFAULT_NET_POLICY.retry, maxRetries: 0 } } },
    );
    await assert.rejects(offline.listAgents(), (err: { kind: string }) => err.kind === 'network');
  });
});

describe('fidelity: the public acp-sdk client (Apache-2.0) as an oracle', () => {
  test('acp-sdk validates our server: agents, sync, stream, await and resume, cancel', async () => {
    // CommonJS build; it validates every response with its zod schemas and throws on any mismatch.
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports -- the oracle's CommonJS build
    const { Client } = require('acp-sdk') as typeof import('acp-sdk');
    const sdk = new Client({ baseUrl: server.url });
    assert.equal((await sdk.agents()).length, 5);
    assert.equal((await sdk.agent('writer')).name, 'writer');
    const sync = await sdk.runSync('echo', 'from the sdk');
    assert.equal(sync.status, 'completed');
    assert.equal(sync.output[0]?.parts[0]?.content, 'Echo: from the sdk\n\n(turn 1 of this session)');
    const types: string[] = [];
    for await (const event of sdk.runStream('writer', 'stream it')) types.push(event.type);
    assert.equal(types[0], 'run.created');
    assert.equal(types.at(-1), 'run.completed');
    assert.ok(types.includes('message.part') && types.includes('message.completed'));
    const awaiting = await sdk.runSync('asker', 'example');
    assert.equal(awaiting.status, 'awaiting');
    const resumed = await sdk.runResumeSync(awaiting.run_id, {
      type: 'message',
      message: { role: 'user', parts: [{ content: 'Go', content_type: 'text/plain' }] },
    } as never);
    assert.equal(resumed.status, 'completed');
    assert.ok((await sdk.runEvents(resumed.run_id)).length > 5);
    const slow = await sdk.runAsync('slow', 'async');
    const cancelling = await sdk.runCancel(slow.run_id);
    assert.equal(cancelling.status, 'cancelling');
  });
});
