import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { RunEvent } from '../../src/core/events';
import { HistoryStore } from '../../src/core/history';
import type { AgentRoute, AgentSource } from '../../src/core/routes';
import { ChatController } from '../../src/host/chatController';
import { webviewHandlers, dispatch, type HostApi } from '../../src/host/common/webviewHandlers';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../src/shared/messages';
import { FakeMemento } from './helpers';

/** One You.com-like agent that answers with its input, and one ACP-like agent that never ends until stopped. */
function fakeSource(): AgentSource {
  const echo: AgentRoute = {
    info: { id: 'you:express', label: 'Express', group: 'You.com' },
    needsYouKey: true,
    async *run(input): AsyncGenerator<RunEvent> {
      yield { type: 'text', delta: `echo: ${input}` };
      yield { type: 'done' };
    },
  };
  const endless: AgentRoute = {
    info: { id: 'acp:local/slow', label: 'slow', group: 'ACP · local' },
    needsYouKey: false,
    async *run(_input, context): AsyncGenerator<RunEvent> {
      yield { type: 'text', delta: 'word ' };
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
      yield { type: 'error', error: Object.assign(new Error('stopped'), { kind: 'aborted', action: { kind: 'none' } }) as never, partialText: 'word ' };
    },
  };
  const routes = [echo, endless];
  return { agents: () => routes.map((r) => r.info), route: (id) => routes.find((r) => r.info.id === id) };
}

function makeController(options: { keyReady?: boolean; requestKey?: () => Promise<boolean> } = {}) {
  const windowState = new FakeMemento();
  const userState = new FakeMemento();
  const busy: boolean[] = [];
  const statuses: { agentLabel: string; busy: boolean }[] = [];
  const posted: HostMessage[] = [];
  const history = new HistoryStore(mkdtempSync(join(tmpdir(), 'you-host-')));
  const controller = new ChatController({
    sources: [fakeSource()],
    history,
    windowState: windowState as never,
    userState: userState as never,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    defaultAgentId: () => 'you:express',
    sendKey: () => 'enter',
    youReady: () => ({ ready: options.keyReady ?? true, demo: false }),
    requestKey: options.requestKey ?? (async () => false),
    onStatus: (s) => {
      statuses.push(s);
      busy.push(s.busy);
    },
    warn: () => undefined,
    t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
  });
  controller.attach({ post: (m) => posted.push(m) });
  return { controller, windowState, userState, busy, statuses, posted, history };
}

function fakeHost(commandResult: unknown = undefined) {
  const calls: string[] = [];
  const host: HostApi = {
    command: async (id, ...args) => {
      calls.push(`command ${id}${args.length ? ` ${JSON.stringify(args)}` : ''}`);
      return commandResult as never;
    },
    copy: async (text, what) => void calls.push(`copy ${what} ${text}`),
    insert: async (code) => void calls.push(`insert ${code}`),
    openCode: async (code, language) => void calls.push(`openCode ${language} ${code}`),
    openLink: async (url) => void calls.push(`openLink ${url}`),
    openYouPage: async (page, url) => void calls.push(`openYouPage ${page}${url ? ` ${url}` : ''}`),
  };
  return { host, calls };
}

describe('host: the chat controller with fakes for VS Code', () => {
  test('the view gets its state once the keys are loaded, before history; the restored chat follows; asks wait for it', async () => {
    const { controller, posted } = makeController();
    let finishHistory!: () => void;
    const history = new Promise<void>((resolve) => (finishHistory = resolve));
    controller.initialize(async () => {}, () => history);
    const replies: HostMessage[] = [];
    await dispatch(webviewHandlers(controller, fakeHost().host), { type: 'ready' }, (m) => replies.push(m));
    const first = replies.find((m) => m.type === 'state');
    assert.equal(first?.type === 'state' && first.state.restoring, true, 'the composer shows while history is read');
    let asked = false;
    const asking = controller.ask('after restore').then(() => (asked = true));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(asked, false, 'an ask waits until history is restored');
    finishHistory();
    await asking;
    const states = posted.filter((m): m is Extract<HostMessage, { type: 'state' }> => m.type === 'state');
    assert.equal(states.at(-1)?.state.restoring, false, 'a second state ends the restoring phase');
  });

  test('an ask streams to every view, flips busy on and off, and the window remembers its conversation', async () => {
    const { controller, windowState, busy, posted } = makeController();
    await controller.ask('hello');
    const types = posted.map((m) => m.type);
    assert.deepEqual(
      types.filter((t) => t !== 'delta'),
      ['turnStart', 'run', 'turnEnd', 'run'],
    );
    assert.deepEqual(busy, [true, false]);
    assert.equal(controller.current.turns[0]!.answer, 'echo: hello');
    assert.equal(windowState.get('youAgents.currentConversation'), controller.current.id);
    // Every turn event names the conversation, so a view showing another one ignores it.
    for (const m of posted) if ('conversationId' in m) assert.equal(m.conversationId, controller.current.id);
  });

  test('New chat stops a running answer, saves it, and the restored window finds it', async () => {
    const { controller, windowState, history, posted } = makeController();
    await controller.selectAgent('acp:local/slow');
    const running = controller.ask('a long one');
    for (let i = 0; i < 100 && controller.current.turns[0]?.answer !== 'word '; i++) await new Promise((r) => setImmediate(r));
    const firstId = controller.current.id;
    await controller.newChat();
    await running;
    assert.notEqual(controller.current.id, firstId);
    assert.equal(windowState.get('youAgents.currentConversation'), undefined, 'an empty chat is not worth restoring');
    assert.equal(posted.at(-1)!.type, 'state');
    assert.equal((posted.at(-1) as Extract<HostMessage, { type: 'state' }>).state.activeTurnId, null);
    const saved = await history.load(firstId);
    assert.equal(saved?.turns[0]?.status, 'stopped');
    assert.equal(saved?.turns[0]?.answer, 'word ');
  });

  test('listeners learn each conversation the views are given whole (code features drop attachments of another chat)', async () => {
    const { controller } = makeController();
    const shown: string[] = [];
    const listening = controller.onDidShowConversation((id) => shown.push(id));
    await controller.newChat();
    assert.deepEqual(shown, [controller.current.id]);
    listening.dispose();
    await controller.newChat();
    assert.equal(shown.length, 1);
  });

  test("the picked agent is the user's across windows; an unknown id is ignored", async () => {
    const { controller, userState, statuses } = makeController();
    await controller.selectAgent('acp:nowhere/none');
    assert.equal(controller.selectedAgent, 'you:express');
    await controller.selectAgent('acp:local/slow');
    assert.equal(userState.get('youAgents.selectedAgent'), 'acp:local/slow');
    // The status bar shows the picked agent by its label.
    assert.deepEqual(statuses.at(-1), { agentLabel: 'slow', busy: false });
  });

  test('with no key and no prompt answer, the turn ends asking for a key and nothing runs', async () => {
    let prompts = 0;
    const { controller } = makeController({ keyReady: false, requestKey: async () => (prompts++, false) });
    await controller.ask('hi');
    assert.equal(prompts, 1);
    assert.equal(controller.current.turns[0]!.error?.action, 'set-key');
    assert.equal(controller.current.turns[0]!.answer, '');
    // Worded by the host (errorText through t), not the core's English log sentence.
    assert.equal(controller.current.turns[0]!.error?.message, 'Set a You.com API key to ask this agent.');
    assert.equal(controller.current.turns[0]!.error?.code, 'no-key');
  });
});

describe('host: one handler per webview message', () => {
  const samples: WebviewMessage[] = [
    { type: 'ready' },
    // The page's signal for the bootstrap (src/host/standIns.ts): once the rest is loaded, it does nothing.
    { type: 'idle' },
    { type: 'ask', text: 'q' },
    { type: 'stop' },
    { type: 'retry', turnId: 't1' },
    { type: 'resume', turnId: 't1', text: 'yes' },
    { type: 'edit', turnId: 't1', text: 'better question' },
    { type: 'regenerate', turnId: 't1' },
    { type: 'showAnswer', turnId: 't1', index: 0 },
    { type: 'copyAnswer', turnId: 't1' },
    { type: 'accessibleView', turnId: 't1' },
    { type: 'accessibleView' },
    { type: 'selectAgent', agentId: 'acp:local/slow' },
    { type: 'newChat' },
    { type: 'copyCode', code: 'x = 1' },
    { type: 'insertCode', code: 'y = 2' },
    { type: 'openCode', code: 'z', language: 'python' },
    { type: 'openLink', url: 'https://example.com' },
    { type: 'setKey' },
    { type: 'getKey' },
    { type: 'addCredits', url: 'https://you.com/platform/upgrade' },
    { type: 'tryDemo' },
    { type: 'showLogs' },
    { type: 'openSettings' },
    { type: 'showHistory' },
    { type: 'exportChat' },
  ];

  test('every message type survives the parser and reaches exactly what it names', async () => {
    const chatCalls: string[] = [];
    const chat = {
      ready: Promise.resolve(),
      state: () => ({
        conversation: { id: 'c', title: '', createdAt: 0, updatedAt: 0, turns: [] },
        agents: [],
        selectedAgentId: '',
        ready: true,
        demo: false,
        activeTurnId: null,
        phase: 'idle' as const,
        sendKey: 'enter' as const,
      }),
      ask: async (text: string) => void chatCalls.push(`ask ${text}`),
      stop: async () => void chatCalls.push('stop'),
      retry: async (id: string) => void chatCalls.push(`retry ${id}`),
      resume: async (id: string, text: string) => void chatCalls.push(`resume ${id} ${text}`),
      edit: async (id: string, text: string) => void chatCalls.push(`edit ${id} ${text}`),
      regenerate: async (id: string) => void chatCalls.push(`regenerate ${id}`),
      showAnswer: async (id: string, index: number) => (chatCalls.push(`showAnswer ${id} ${index}`), true),
      answerMarkdown: (id: string) => `answer of ${id}`,
      selectAgent: async (id: string) => void chatCalls.push(`selectAgent ${id}`),
      newChat: async () => void chatCalls.push('newChat'),
    };
    const { host, calls } = fakeHost();
    const replies: HostMessage[] = [];
    const handlers = webviewHandlers(chat, host);
    for (const sample of samples) {
      const parsed = parseWebviewMessage(JSON.parse(JSON.stringify(sample)));
      assert.deepEqual(parsed, sample, `${sample.type} parses`);
      await dispatch(handlers, parsed!, (m) => replies.push(m));
    }
    assert.deepEqual(chatCalls, [
      'ask q',
      'stop',
      'retry t1',
      'resume t1 yes',
      'edit t1 better question',
      'regenerate t1',
      'showAnswer t1 0',
      'selectAgent acp:local/slow',
      'newChat',
    ]);
    assert.deepEqual(calls, [
      'copy answer answer of t1',
      'command youAgents.openAccessibleView ["t1"]',
      'command youAgents.openAccessibleView',
      'copy code x = 1',
      'insert y = 2',
      'openCode python z',
      'openLink https://example.com',
      'command youAgents.setApiKey',
      'openYouPage key',
      'openYouPage credits https://you.com/platform/upgrade',
      'command youAgents.tryDemo',
      'command youAgents.showLogs',
      'command workbench.action.openSettings ["youAgents"]',
      'command youAgents.showHistory',
      'command youAgents.exportChat',
    ]);
    assert.deepEqual(
      replies.map((r) => r.type),
      ['state'],
    );
  });

  test('malformed or unknown messages are dropped', () => {
    for (const bad of [
      null,
      'ask',
      { type: 'ask' },
      { type: 'ask', text: '   ' },
      { type: 'retry', turnId: 5 },
      { type: 'edit', turnId: 't1', text: ' ' },
      { type: 'showAnswer', turnId: 't1', index: -1 },
      { type: 'showAnswer', turnId: 't1', index: 1.5 },
      { type: 'action', name: 'setKey' },
      { type: 'toString' },
      { type: '__proto__' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  test('Set key from a failed turn retries that turn only once a key was stored', async () => {
    const retried: string[] = [];
    const chat = {
      ready: Promise.resolve(),
      state: () => ({}) as never,
      ask: async () => {},
      stop: async () => {},
      retry: async (id: string) => void retried.push(id),
      resume: async () => {},
      edit: async () => {},
      regenerate: async () => {},
      showAnswer: async () => false,
      answerMarkdown: () => undefined,
      selectAgent: async () => {},
      newChat: async () => {},
    };
    await dispatch(webviewHandlers(chat, fakeHost(false).host), { type: 'setKey', turnId: 't9' }, () => {});
    assert.deepEqual(retried, []);
    await dispatch(webviewHandlers(chat, fakeHost(true).host), { type: 'setKey', turnId: 't9' }, () => {});
    assert.deepEqual(retried, ['t9']);
  });
});
