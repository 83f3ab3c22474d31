import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { A2aClient, discoverAgentServer, MAX_CARD_BYTES } from '../../src/core/a2a';
import { collectRun } from '../../src/core/events';
import { startA2aFaultServer, type A2aFault, type A2aFaultServer } from '../servers/a2aFaults';

/** What the SDK's server never sends: each fault ends with a clear message, and the answer so far is kept. */

let server: A2aFaultServer;
before(async () => {
  server = await startA2aFaultServer({ endlessBytes: 3 * 1024 * 1024 });
});
after(() => server.close());

async function clientFor(fault: A2aFault, limits?: { streamBytes: number }): Promise<A2aClient> {
  const found = await discoverAgentServer(server.agent(fault), { name: fault });
  assert.equal(found.protocol, 'a2a', found.protocol === 'unavailable' ? found.error.message : '');
  if (found.protocol !== 'a2a') throw new Error('unreachable');
  return new A2aClient({ name: fault, url: server.agent(fault) }, found.card, limits ? { limits } : {});
}

function lastError(run: Awaited<ReturnType<typeof collectRun>>): { message: string; code: string; partialText: string } {
  const last = run.events.at(-1);
  assert.ok(last?.type === 'error', `expected an error, got ${JSON.stringify(last)}`);
  return { message: last.error.message, code: last.error.reason.code, partialText: last.partialText };
}

describe('A2A faults', () => {
  test('a stream cut in the middle of an artifact chunk: the connection dropped, the chunks before it kept', async () => {
    const run = await collectRun((await clientFor('cut')).run('hi'));
    const error = lastError(run);
    assert.equal(error.code, 'connection-dropped');
    assert.match(error.message, /connection dropped before the answer was complete/);
    assert.equal(error.partialText, 'First part, second part, ');
    assert.equal(run.text, 'First part, second part, ');
  });

  test('an endless data: line ends at the stream cap with a size message; the text before it kept', async () => {
    const run = await collectRun((await clientFor('endless', { streamBytes: 1024 * 1024 })).run('hi'));
    const error = lastError(run);
    assert.equal(error.code, 'too-large');
    assert.match(error.message, /more than the 1 MiB size limit/);
    assert.equal(error.partialText, 'Before the flood. ');
  });

  test('unknown events (a new kind, an event name, a line that is not JSON) are logged as progress; the run goes on', async () => {
    const run = await collectRun((await clientFor('unknown')).run('hi'));
    assert.equal(run.outcome, 'done', run.error?.message);
    assert.equal(run.text, 'Known text. More text.');
    const debug = run.events.filter((e) => e.type === 'progress' && e.kind === 'debug').map((e) => (e as { message: string }).message);
    assert.ok(debug.some((m) => m.includes('somethingNew')), debug.join('\n'));
    assert.ok(debug.some((m) => m.includes('alsoNew')), debug.join('\n'));
    assert.ok(debug.some((m) => m.startsWith('unreadable event: this line is not JSON')), debug.join('\n'));
  });

  test('a body that is not JSON where JSON was due: a protocol error saying so', async () => {
    const run = await collectRun((await clientFor('notjson')).run('hi'));
    const error = lastError(run);
    assert.equal(error.code, 'protocol');
    assert.match(error.message, /did not answer with JSON/);
    assert.equal(run.error?.detail?.startsWith('<html>'), true);
  });

  test('a server that repeats the token in its error: the message says what it said, without the token', async () => {
    const token = 'FAKE-token-not-a-key-0123456789';
    const found = await discoverAgentServer(server.agent('echotoken'), { name: 'echo', token });
    assert.equal(found.protocol, 'a2a');
    if (found.protocol !== 'a2a') return;
    const run = await collectRun(new A2aClient({ name: 'echo', url: server.agent('echotoken'), token }, found.card).run('hi'));
    assert.equal(run.error?.reason.code, 'rpc-error');
    assert.match(run.error?.message ?? '', /refused Bearer/);
    assert.ok(!JSON.stringify(run.error).includes(token), JSON.stringify(run.error));
  });

  test('a card URL given directly is read as it is', async () => {
    const found = await discoverAgentServer(`${server.agent('cut')}/.well-known/agent-card.json`, { name: 'direct' });
    assert.equal(found.protocol, 'a2a');
  });

  test('a 1 MB card is refused with the size limit as the reason; the server is listed as unavailable', async () => {
    const found = await discoverAgentServer(server.agent('bigcard'), { name: 'big' });
    assert.equal(found.protocol, 'unavailable');
    if (found.protocol !== 'unavailable') return;
    assert.equal(found.error.reason.code, 'too-large');
    assert.equal((found.error.reason as { limitBytes: number }).limitBytes, MAX_CARD_BYTES);
    assert.match(found.error.message, /more than the 256 KiB size limit/);
  });
});
