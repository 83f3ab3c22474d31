import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { A2aClient, a2aRoute, discoverAgentServer } from '../../src/core/a2a';
import { ChatSession, type SessionStore } from '../../src/core/chatSession';
import type { Conversation } from '../../src/core/conversation';
import type { AgentRoute } from '../../src/core/routes';
import { startA2aServer, type A2aAgentName, type A2aTestServer } from '../servers/a2a';

/** An A2A agent is one more route for ChatSession: follow-ups, input-required and Stop, against the SDK's server. */

class MemoryStore implements SessionStore {
  readonly saved = new Map<string, Conversation>();
  async save(conversation: Conversation): Promise<void> {
    this.saved.set(conversation.id, structuredClone(conversation));
  }
  async load(id: string): Promise<Conversation | undefined> {
    const c = this.saved.get(id);
    return c && structuredClone(c);
  }
  async removeTurns(): Promise<void> {}
}

let server: A2aTestServer;
const routes = new Map<string, AgentRoute>();
before(async () => {
  server = await startA2aServer({ chunkDelayMs: 5 });
  for (const name of ['echo', 'asker', 'slow'] as A2aAgentName[]) {
    const found = await discoverAgentServer(server.agents[name], { name });
    assert.equal(found.protocol, 'a2a');
    if (found.protocol !== 'a2a') continue;
    const client = new A2aClient({ name, url: server.agents[name] }, found.card);
    routes.set(`a2a:test/${name}`, a2aRoute({ id: `a2a:test/${name}`, label: name, group: 'A2A · test' }, client));
  }
});
after(() => server.close());

function session(): ChatSession {
  let id = 0;
  return new ChatSession({
    store: new MemoryStore(),
    route: (agentId) => routes.get(agentId),
    log: { debug() {}, info() {}, warn() {}, error() {} },
    texts: { newChatTitle: 'New chat', closedMidAnswer: 'closed mid-answer' },
    emit: () => {},
    youReady: () => false,
    requestKey: async () => false,
    checkpointMs: 10_000,
    newId: () => `id${++id}`,
  });
}

describe('A2A in ChatSession', () => {
  test('an answer, then a follow-up in the same A2A context', async () => {
    const chat = session();
    await chat.ask('first', 'a2a:test/echo', 'echo');
    await chat.ask('second', 'a2a:test/echo', 'echo');
    const [one, two] = chat.current.turns;
    assert.equal(one?.status, 'done');
    assert.equal(one?.answer, 'Echo: first\n\n(turn 1 of this conversation)');
    assert.equal(two?.answer, 'Echo: second\n\n(turn 2 of this conversation)');
    assert.ok(chat.current.sessions?.['a2a:test/echo']);
  });

  test('input-required asks in the conversation and the answer resumes the same task', async () => {
    const chat = session();
    await chat.ask('greet me', 'a2a:test/asker', 'asker');
    const turn = chat.current.turns[0]!;
    assert.equal(turn.status, 'awaiting');
    assert.equal(turn.awaitPrompt, 'What is your name?');
    const taskId = turn.awaitRunId;
    assert.ok(taskId);
    await chat.resume(turn.id, 'Ada');
    assert.equal(chat.current.turns[0]!.status, 'done');
    // ChatSession quotes the user's answer into the turn; the agent's reply follows it.
    assert.equal(chat.current.turns[0]!.answer, '\n\n> Ada\n\nHello, Ada!');
    const body = server.requests.filter((r) => r.path === '/asker/jsonrpc').at(-1)!.body as { params: { message: { taskId: string; contextId: string } } };
    assert.equal(body.params.message.taskId, taskId);
    assert.equal(body.params.message.contextId, chat.current.sessions?.['a2a:test/asker']);
  });

  test('Stop closes the stream, keeps the text and sends CancelTask, which the executor sees', async () => {
    const chat = session();
    const asked = chat.ask('go', 'a2a:test/slow', 'slow');
    for (let i = 0; i < 500 && !(chat.current.turns[0]?.answer ?? '').includes('word3'); i++) await new Promise((r) => setTimeout(r, 5));
    await chat.stop();
    await asked;
    const turn = chat.current.turns[0]!;
    assert.equal(turn.status, 'stopped');
    assert.match(turn.answer, /^word1 word2 word3 /);
    for (let i = 0; i < 200 && server.cancelled.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(server.cancelled.length, 1);
  });
});
