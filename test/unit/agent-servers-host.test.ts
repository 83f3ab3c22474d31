import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as SourceModule from '../../src/host/agentServerSource';
import type * as ConsentModule from '../../src/host/interfaceConsent';
import type { AgentServerSetting } from '../../src/core/agentServerSettings';
import { ChatSession } from '../../src/core/chatSession';
import { collectRun } from '../../src/core/events';
import { silentLog } from '../../src/core/redact';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import { startA2aServer, type A2aTestServer } from '../servers/a2a';
import { startAcpServer, type AcpTestServer } from '../servers/acp-server';
import { freePort } from '../servers/ports';
import { FakeMemento, requireWithVscode } from './helpers';

/**
 * The host's agent-server source with `vscode` stood in for, against real servers on 127.0.0.1:
 * A2A agents on the official SDK's server (test/servers/a2a.ts) and the ACP test server. What
 * the user configures decides what is asked; a card's foreign interface gets nothing without a yes.
 */
class Emitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}
const format = (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
const fakeVscode = { EventEmitter: Emitter, l10n: { t: format }, workspace: { getConfiguration: () => ({ get: () => undefined }) } };
const { AgentServerSource } = requireWithVscode<typeof SourceModule>('../../src/host/agentServerSource', fakeVscode);
const { InterfaceConsent } = requireWithVscode<typeof ConsentModule>('../../src/host/interfaceConsent', fakeVscode);

const TOKEN = 'FAKE-not-a-key-a2a-token';
let a2a: A2aTestServer;
/** Its cards name their interfaces at http://localhost:PORT while the user configured http://127.0.0.1:PORT: another origin. */
let elsewhere: A2aTestServer;
let acp: AcpTestServer;
let offline: string;

before(async () => {
  a2a = await startA2aServer({ chunkDelayMs: 1 });
  const port = await freePort();
  elsewhere = await startA2aServer({ port, interfaceOrigin: `http://localhost:${port}`, token: TOKEN, chunkDelayMs: 1 });
  acp = await startAcpServer();
  offline = `http://127.0.0.1:${await freePort()}`;
});
after(async () => {
  await Promise.all([a2a?.close(), elsewhere?.close(), acp?.close()]);
});

function sourceWith(servers: AgentServerSetting[], answers: ({ withToken: boolean } | undefined)[] = []) {
  const settings: Settings = { ...DEFAULT_SETTINGS, agentServers: servers };
  const asked: { server: string; origin: string; hasToken: boolean }[] = [];
  const state = new FakeMemento();
  const consent = new InterfaceConsent(state as never, async (server, origin, hasToken) => {
    asked.push({ server: server.name, origin, hasToken });
    return answers.shift();
  });
  const keys = { acpToken: async (name: string) => (name === 'elsewhere-token' ? TOKEN : undefined) };
  const source = new AgentServerSource(() => settings, keys as never, silentLog, consent);
  return { source, asked, state };
}

const run = (source: InstanceType<typeof AgentServerSource>, id: string, input: string) =>
  collectRun(source.route(id)!.run(input, { signal: AbortSignal.timeout(10_000) }));

describe('agent servers in the host: discovery, routes, consent', () => {
  test('auto finds A2A by its card and ACP by GET /agents; a set protocol is asked for alone; an unreachable server is unavailable', async () => {
    const { source } = sourceWith([
      { name: 'echo', url: a2a.agents.echo, protocol: 'auto' },
      { name: 'local', url: acp.url, protocol: 'auto' },
      { name: 'strict', url: acp.url, protocol: 'a2a' },
      { name: 'old', url: acp.url, protocol: 'acp' },
      { name: 'offline', url: offline, protocol: 'auto' },
    ]);
    const requestsBefore = acp.requests.length;
    await source.refresh();
    const agents = source.agents();
    assert.deepEqual(
      agents.filter((a) => !a.unavailable).map((a) => [a.id, a.group]),
      [
        ['a2a:echo', 'A2A'],
        ...['echo', 'writer', 'asker', 'failing', 'slow'].map((n) => [`acp:local/${n}`, 'ACP · local']),
        ...['echo', 'writer', 'asker', 'failing', 'slow'].map((n) => [`acp:old/${n}`, 'ACP · old']),
      ],
    );
    assert.match(agents.find((a) => a.id === 'a2a:echo')!.description!, /Streams your message back in chunks/);
    const strict = agents.find((a) => a.id === 'a2a:strict');
    assert.match(strict?.unavailable ?? '', /^http:\/\/127\.0\.0\.1:\d+\/\S* answered but cannot be used: .*not a valid A2A agent card/, 'protocol a2a: no card means not usable, however ACP it is');
    assert.match(agents.find((a) => a.id === 'a2a:offline')?.unavailable ?? '', /^Cannot reach http:\/\/127\.0\.0\.1:\d+\/: offline: could not reach/);
    // "old" said acp: no card was asked for there.
    const paths = acp.requests.slice(requestsBefore).map((r) => r.path);
    assert.equal(paths.filter((p) => p.endsWith('/.well-known/agent-card.json')).length, 2, 'local (auto) and strict (a2a) only');
    assert.equal(source.route('a2a:offline')?.info.unavailable !== undefined, true);
    assert.equal(source.route('acp:echo/x'), undefined, 'an A2A server has no ACP agents');
  });

  test('an A2A route streams the answer, names the context, and continues it', async () => {
    const { source } = sourceWith([{ name: 'echo', url: a2a.agents.echo, protocol: 'a2a' }]);
    await source.refresh();
    const route = source.route('a2a:echo')!;
    assert.equal(route.keepsMemory, true);
    const first = await run(source, 'a2a:echo', 'hello');
    assert.equal(first.outcome, 'done');
    assert.match(first.text, /^Echo: hello\n\n\(turn 1 of this conversation\)$/);
    const started = first.events.find((e) => e.type === 'started');
    const contextId = started?.type === 'started' ? started.sessionId : undefined;
    assert.ok(contextId);
    const second = await collectRun(route.run('again', { signal: AbortSignal.timeout(10_000), sessionId: contextId }));
    assert.match(second.text, /turn 2 of this conversation/);
  });

  test('a card whose interface is on another origin: nothing goes there until the user agrees; the yes is remembered; the token only if chosen', async () => {
    const servers: AgentServerSetting[] = [{ name: 'elsewhere', url: elsewhere.agents.echo, tokenSecret: 'elsewhere-token', protocol: 'auto' }];
    const { source, asked, state } = sourceWith(servers, [undefined, { withToken: false }]);
    await source.refresh();
    const foreignPosts = () => elsewhere.requests.filter((r) => r.method === 'POST');
    // The card came from the configured origin, with the token.
    assert.equal(elsewhere.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);

    const refused = await run(source, 'a2a:elsewhere', 'hello');
    assert.equal(refused.outcome, 'error');
    assert.equal(refused.error?.reason.code, 'foreign-interface');
    assert.deepEqual(asked, [{ server: 'elsewhere', origin: `http://localhost:${new URL(elsewhere.url).port}`, hasToken: true }]);
    assert.equal(foreignPosts().length, 0, 'no question went anywhere');
    assert.equal(state.keys().length, 0, 'a refusal is not remembered');

    // Yes, without the token: the question goes there, the token does not (this server then refuses it).
    const withoutToken = await run(source, 'a2a:elsewhere', 'hello');
    assert.equal(asked.length, 2);
    assert.equal(foreignPosts().length, 1);
    assert.equal(foreignPosts()[0]!.headers.authorization, undefined, 'no token to the other origin');
    assert.equal(withoutToken.outcome, 'error');
    assert.match(withoutToken.error!.message, /401|token|auth/i);

    // Remembered: the next run does not ask again.
    await run(source, 'a2a:elsewhere', 'hello');
    assert.equal(asked.length, 2, 'asked once per origin');
  });

  test('with "Send Questions and Token" the token goes to the other origin too, and the answer comes back', async () => {
    const servers: AgentServerSetting[] = [{ name: 'elsewhere', url: elsewhere.agents.echo, tokenSecret: 'elsewhere-token', protocol: 'a2a' }];
    const { source } = sourceWith(servers, [{ withToken: true }]);
    await source.refresh();
    const answer = await run(source, 'a2a:elsewhere', 'hi there');
    assert.equal(answer.outcome, 'done');
    assert.match(answer.text, /Echo: hi there/);
  });

  test('through ChatSession: an edited question starts a fresh A2A context carrying the kept turns', async () => {
    const { source } = sourceWith([{ name: 'echo', url: a2a.agents.echo, protocol: 'a2a' }]);
    await source.refresh();
    const session = new ChatSession({
      store: { save: async () => undefined, load: async () => undefined, removeTurns: async () => undefined },
      route: (id) => source.route(id),
      log: silentLog,
      texts: { newChatTitle: 'New chat', closedMidAnswer: 'closed' },
      emit: () => undefined,
      youReady: () => true,
      requestKey: async () => true,
    });
    const before = a2a.requests.length;
    await session.ask('one', 'a2a:echo', 'echo');
    await session.ask('two', 'a2a:echo', 'echo');
    await session.ask('three', 'a2a:echo', 'echo');
    assert.match(session.current.turns[2]!.answer, /turn 3 of this conversation/);
    await session.edit(session.current.turns[1]!.id, 'two, edited');
    type Sent = { params?: { message?: { contextId?: string; parts: { text: string }[] } } };
    const messages = a2a.requests.slice(before).flatMap((r) => {
      const message = (r.body as Sent | undefined)?.params?.message;
      return message ? [message] : [];
    });
    const [first, second, , edited] = messages;
    assert.equal(second!.contextId !== undefined && second!.contextId !== '', true, 'follow-ups continue the context');
    assert.equal(first!.contextId, undefined);
    assert.equal(edited!.contextId, undefined, 'the edit does not continue the context holding "two" and "three"');
    assert.match(edited!.parts[0]!.text, /^Earlier in this conversation \(context only\):\n\nUser: one\n\nAssistant: Echo: one[\s\S]*Question: two, edited$/);
    assert.doesNotMatch(edited!.parts[0]!.text, /three/);
    assert.match(session.current.turns[1]!.answer, /turn 1 of this conversation/, 'a fresh context on the server');
  });
});
