import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Turn } from '../../src/core/conversation';
import { HistoryStore } from '../../src/core/history';
import type { ResearchTurn } from '../../src/core/researchTurn';
import type { AgentRoute, RunContext } from '../../src/core/routes';
import { ChatController } from '../../src/host/chatController';
import type { HostMessage, ResearchViewState } from '../../src/shared/messages';
import { FakeMemento } from './helpers';

const VIEW: ResearchViewState = { agentId: 'you:research', effort: 'deep', efforts: [] };

/**
 * The chat controller with a Research port: a Research question carries the effort the port
 * prepares (declining sends nothing), a background task is handed to the port, and the view
 * state carries the effort control. The research route here only records what it was given.
 */
function setup(prepare: () => Promise<ResearchTurn | undefined>) {
  const contexts: RunContext[] = [];
  const handed: { conversationId: string; turn: Turn }[] = [];
  const research: AgentRoute = {
    info: { id: 'you:research', label: 'You.com Research', group: 'You.com' },
    needsYouKey: true,
    async *run(_input, context) {
      contexts.push(context);
      if (context.research?.background) yield { type: 'background', taskId: 'task-1' };
      else yield* [{ type: 'text', delta: 'report' } as const, { type: 'done' } as const];
    },
  };
  const posted: HostMessage[] = [];
  const controller = new ChatController({
    sources: [{ agents: () => [research.info], route: (id) => (id === research.info.id ? research : undefined) }],
    history: new HistoryStore(mkdtempSync(join(tmpdir(), 'you-research-'))),
    windowState: new FakeMemento() as never,
    userState: new FakeMemento() as never,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    defaultAgentId: () => 'you:research',
    sendKey: () => 'enter',
    youReady: () => ({ ready: true, demo: false }),
    requestKey: async () => false,
    onStatus: () => undefined,
    warn: () => undefined,
    t: (message) => message,
    research: { agentId: 'you:research', prepare, view: () => VIEW, onBackground: (conversationId, turn) => handed.push({ conversationId, turn }) },
  });
  controller.attach({ post: (m) => posted.push(m) });
  return { controller, contexts, handed, posted };
}

test('a Research question runs at the prepared effort; a deep one is handed to the background with its task id, and the chat is free', async () => {
  const { controller, contexts, handed } = setup(async () => ({ effort: 'deep', background: true }));
  assert.deepEqual(controller.state().research, VIEW);
  await controller.ask('How do Rust lifetimes work?');
  assert.deepEqual(contexts[0]?.research, { effort: 'deep', background: true });
  assert.equal(handed.length, 1);
  assert.equal(handed[0]?.turn.research?.taskId, 'task-1');
  assert.equal(controller.busy, false);
  assert.equal(controller.current.turns[0]?.status, 'streaming');
});

test('declining the one-time confirmation of an expensive effort sends nothing and adds no turn', async () => {
  const { controller, contexts } = setup(async () => undefined);
  await controller.ask('An exhaustive question');
  assert.equal(contexts.length, 0);
  assert.equal(controller.current.turns.length, 0);
});

test('a background step shows in its turn only while it waits, and a landed report reaches the view as the turn\'s end', async () => {
  const { controller, posted } = setup(async () => ({ effort: 'deep', background: true }));
  await controller.ask('q');
  const turn = controller.current.turns[0]!;
  controller.showProgress(controller.current.id, turn.id, 'Searching the web');
  assert.deepEqual(posted.at(-1), { type: 'progress', conversationId: controller.current.id, turnId: turn.id, message: 'Searching the web' });
  const landed = await controller.updateTurn(controller.current.id, turn.id, (t) => {
    Object.assign(t, { status: 'done', answer: 'The report' });
    return true;
  });
  assert.equal(landed, true);
  assert.equal(posted.at(-1)?.type, 'turnEnd');
  const before = posted.length;
  controller.showProgress(controller.current.id, turn.id, 'late step');
  assert.equal(posted.length, before, 'a finished turn shows no more steps');
});
