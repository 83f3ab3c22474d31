import '../tools/chatPageGlobals';
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { WebviewMessage } from '../../src/shared/messages';
import { clickAction, type ChatActionKind } from '../../src/webview/chatActions';
import { ChatApp } from '../../src/webview/chatApp';
import { createMarkdown } from '../../src/webview/markdownRenderer';
import { turnRenderer } from '../../src/webview/turnView';
import { click, fire, turn, viewState } from '../tools/chatPage';

/**
 * The chat's action table, driven as a user drives it: through the controls the parts render
 * (buttons, links, keys) on linkedom. Every action kind has a trigger here (the record below does not
 * compile without one), and forged data-* values reach no handler.
 */
let posted: WebviewMessage[];
const RESEARCH_VIEW = {
  agentId: 'you:research',
  effort: 'standard',
  efforts: [
    { effort: 'standard', label: 'Standard', price: '$0.05', latency: '10–30 s', background: false },
    { effort: 'deep', label: 'Deep', price: '$0.10', latency: '< 120 s', background: true },
  ],
};
let root: HTMLElement;

/** A fresh chat showing turns that carry every kind of turn control. */
function openChat(): ChatApp {
  root = document.createElement('div');
  document.body.replaceChildren(root);
  posted = [];
  const md = createMarkdown();
  const app = new ChatApp(root, (m) => posted.push(m), () => turnRenderer(md));
  const answer = 'See [the docs](https://docs.example/a).\n\n```ts\nconst x = 1;\n```\n';
  app.handle({
    type: 'state',
    state: viewState([
      turn('t1', { answer, otherAnswers: [{ agentId: 'express', agentLabel: 'Express', answer: 'old', citations: [], status: 'done', startedAt: 1 }] }),
      turn('t2', { status: 'error', answer: '', error: { message: 'No key', action: 'set-key' } }),
      turn('t3', { status: 'error', answer: '', error: { message: 'No credits', action: 'add-credits', url: 'https://you.com/credits' } }),
      turn('t4', { status: 'error', answer: '', error: { message: 'Bad setting', action: 'check-settings' } }),
      turn('t5', { status: 'awaiting', answer: '', awaitPrompt: 'Which file?' }),
      turn('t6', { answer: 'A report [[1]](https://docs.example/r).', research: { effort: 'deep', background: true, taskId: 'task-6' } }),
      turn('t7', { status: 'streaming', answer: '', research: { effort: 'deep', background: true, taskId: 'task-7' } }),
    ], {
      agents: [
        { id: 'express', label: 'Express', group: 'You.com' },
        { id: 'you:research', label: 'You.com Research', group: 'You.com' },
      ],
      research: RESEARCH_VIEW,
    }),
  });
  return app;
}

const $ = <T extends Element = HTMLElement>(selector: string): T => {
  const found = root.querySelector<T>(selector);
  assert.ok(found, `no ${selector}`);
  return found;
};
const inTurn = (id: string, selector: string) => $(`.turn[data-turn-id="${id}"] ${selector}`);
const lastPosted = () => posted.at(-1);
const typeIn = (el: HTMLElement, value: string) => Object.assign(el, { value });
/** A click on `control` posts `message` last. */
const posts = (control: Element, message: WebviewMessage) => {
  click(control);
  assert.deepEqual(lastPosted(), message);
};

/** What each action kind's trigger is and what its handler does, checked after the trigger. */
const TRIGGERS: { [K in ChatActionKind]: () => void } = {
  send: () => {
    typeIn($('.composer-input'), ' hello ');
    click($('button.send'));
    assert.deepEqual(lastPosted(), { type: 'ask', text: 'hello' });
  },
  stop: () => posts($('button.stop'), { type: 'stop' }),
  recall: () => {
    typeIn($('.composer-input'), '');
    fire($('.composer-input'), 'keydown', { key: 'ArrowUp' });
    assert.equal($<HTMLTextAreaElement>('.composer-input').value, 'question t7');
  },
  newChat: () => {
    fire($('.composer-input'), 'keydown', { key: 'l', ctrlKey: true });
    assert.deepEqual(lastPosted(), { type: 'newChat' });
  },
  accessibleView: () => {
    fire($('.composer-input'), 'keydown', { key: 'F2', altKey: true });
    assert.deepEqual(lastPosted(), { type: 'accessibleView' });
  },
  jumpToLatest: () => {
    const jump = $('button.jump');
    jump.hidden = false;
    click(jump);
    assert.equal(jump.hidden, true);
  },
  toggleAttachMenu: () => {
    click($('button.attach'));
    assert.equal($('.attach-menu').hidden, false);
    assert.equal($('button.attach').getAttribute('aria-expanded'), 'true');
  },
  closeAttachMenu: () => {
    click($('button.attach'));
    fire($('.attach-menu button'), 'keydown', { key: 'Escape' });
    assert.equal($('.attach-menu').hidden, true);
  },
  attach: () => {
    click($('button.attach'));
    click($('[data-attach="terminal"]'));
    assert.deepEqual(lastPosted(), { type: 'attach', what: 'terminal' });
    assert.equal($('.attach-menu').hidden, true);
  },
  detach: () => {
    app.handle({ type: 'attachments', items: [{ id: 'a1', label: 'cart.ts', bytes: 2048 }] });
    click($('.chip-remove'));
    assert.deepEqual(lastPosted(), { type: 'detach', id: 'a1' });
  },
  selectAgent: () => {
    const select = $<HTMLSelectElement>('select.agent-select');
    select.value = 'smart';
    fire(select, 'change');
    assert.deepEqual(lastPosted(), { type: 'selectAgent', agentId: 'smart' });
  },
  openLink: () => {
    const event = click(inTurn('t1', '.answer a[href="https://docs.example/a"]'));
    assert.equal(event.defaultPrevented, true, 'a link never navigates the webview');
    assert.deepEqual(lastPosted(), { type: 'openLink', url: 'https://docs.example/a' });
  },
  setKey: () => posts(inTurn('t2', '[data-turn-action="setKey"]'), { type: 'setKey', turnId: 't2' }),
  getKey: () => posts($('.welcome [data-action="getKey"]'), { type: 'getKey' }),
  tryDemo: () => posts($('.welcome [data-action="tryDemo"]'), { type: 'tryDemo' }),
  addCredits: () => posts(inTurn('t3', '[data-turn-action="addCredits"]'), { type: 'addCredits', url: 'https://you.com/credits' }),
  openSettings: () => posts(inTurn('t4', '[data-turn-action="openSettings"]'), { type: 'openSettings' }),
  showLogs: () => posts(inTurn('t4', '[data-turn-action="showLogs"]'), { type: 'showLogs' }),
  retry: () => posts(inTurn('t4', '[data-turn-action="retry"]'), { type: 'retry', turnId: 't4' }),
  edit: () => {
    click(inTurn('t1', '[data-turn-action="edit"]'));
    assert.match(inTurn('t1', '.edit-note').textContent ?? '', /6 later/);
  },
  resend: () => {
    click(inTurn('t1', '[data-turn-action="edit"]'));
    typeIn(inTurn('t1', '.edit-input'), 'better question');
    click(inTurn('t1', '[data-edit="send"]'));
    assert.deepEqual(lastPosted(), { type: 'edit', turnId: 't1', text: 'better question' });
  },
  resume: () => {
    typeIn(inTurn('t5', '.await-input'), 'cart.ts');
    click(inTurn('t5', '.await-box button'));
    assert.deepEqual(lastPosted(), { type: 'resume', turnId: 't5', text: 'cart.ts' });
  },
  regenerate: () => posts(inTurn('t1', '[data-turn-action="regenerate"]'), { type: 'regenerate', turnId: 't1' }),
  copyAnswer: () => posts(inTurn('t1', '[data-turn-action="copyAnswer"]'), { type: 'copyAnswer', turnId: 't1' }),
  showAnswer: () => posts(inTurn('t1', '[data-turn-action="prevAnswer"]'), { type: 'showAnswer', turnId: 't1', index: 0 }),
  copyCode: () => posts(inTurn('t1', '[data-code-action="copy"]'), { type: 'copyCode', code: 'const x = 1;\n' }),
  insertCode: () => posts(inTurn('t1', '[data-code-action="insert"]'), { type: 'insertCode', code: 'const x = 1;\n' }),
  applyCode: () => posts(inTurn('t1', '[data-code-action="apply"]'), { type: 'applyCode', code: 'const x = 1;\n', turnId: 't1' }),
  openCode: () => posts(inTurn('t1', '[data-code-action="open"]'), { type: 'openCode', code: 'const x = 1;\n', language: 'ts' }),
  setResearchEffort: () => {
    // The control shows only while the Research agent is picked, with the price of one question before anything is sent.
    assert.equal($('.research-effort').hidden, true);
    app.handle({ type: 'agents', agents: [{ id: 'you:research', label: 'You.com Research', group: 'You.com' }], selectedAgentId: 'you:research' });
    assert.equal($('.research-effort').hidden, false);
    assert.match($('.research-price').textContent ?? '', /\$0\.05 per question/);
    const select = $<HTMLSelectElement>('select.research-effort-select');
    select.value = 'deep';
    fire(select, 'change');
    assert.deepEqual(lastPosted(), { type: 'setResearchEffort', effort: 'deep' });
    assert.match($('.research-price').textContent ?? '', /\$0\.10 per question .* background/);
  },
  saveReport: () => posts(inTurn('t6', '[data-turn-action="saveReport"]'), { type: 'saveReport', turnId: 't6' }),
  stopResearch: () => {
    assert.match(inTurn('t7', '.research-note').textContent ?? '', /task-7/);
    posts(inTurn('t7', '[data-turn-action="stopResearch"]'), { type: 'stopResearch', turnId: 't7' });
  },
};

let app: ChatApp;
beforeEach(() => {
  app = openChat();
});

for (const [kind, trigger] of Object.entries(TRIGGERS)) {
  test(`action ${kind}: its control reaches its handler`, async () => {
    // The answer renders on the next frame (requestAnimationFrame), as in the page.
    await new Promise((resolve) => setTimeout(resolve, 5));
    trigger();
  });
}

test('the welcome (before a key is set) posts Set API key without a turn, and Send posts nothing', () => {
  app.handle({ type: 'state', state: viewState([], { ready: false }) });
  click($('.welcome [data-action="setKey"]'));
  assert.deepEqual(lastPosted(), { type: 'setKey' });
  posted.length = 0;
  typeIn($('.composer-input'), 'hello');
  click($('button.send'));
  assert.deepEqual(posted, []);
});

test('forged or unknown data-* values reach no handler and post nothing', async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  const forged: Record<string, string>[] = [
    { 'data-turn-action': 'constructor' },
    { 'data-turn-action': '__proto__' },
    { 'data-turn-action': 'toString' },
    { 'data-turn-action': 'deleteEverything' },
    { 'data-turn-action': 'prevAnswer', 'data-index': 'x' },
    { 'data-turn-action': 'nextAnswer', 'data-index': '-1' },
    { 'data-attach': 'disk' },
    { 'data-attach': 'toString' },
    { 'data-code-action': 'run' },
    { 'data-code-action': 'hasOwnProperty' },
    { 'data-action': 'ready' },
    { 'data-action': 'exportChat' },
    { 'data-action': 'valueOf' },
    { 'data-action': '' },
  ];
  const host = inTurn('t1', '.answer');
  for (const attributes of forged) {
    const button = document.createElement('button');
    for (const [name, value] of Object.entries(attributes)) button.setAttribute(name, value);
    host.append(button);
    posted.length = 0;
    assert.equal(clickAction(button), undefined, JSON.stringify(attributes));
    click(button);
    assert.deepEqual(posted, [], JSON.stringify(attributes));
  }
  // A turn action outside any turn has no turn to act on.
  const stray = document.createElement('button');
  stray.setAttribute('data-turn-action', 'retry');
  root.append(stray);
  assert.equal(clickAction(stray), undefined);
});

test('a host message of another conversation changes nothing; a malformed one is dropped', async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  app.handle({ type: 'turnsRemoved', conversationId: 'other', turnIds: ['t1'] });
  app.handle({ type: 'turnsRemoved', conversationId: 'c1', turnIds: 'all' });
  assert.ok(root.querySelector('.turn[data-turn-id="t1"]'));
  app.handle({ type: 'turnsRemoved', conversationId: 'c1', turnIds: ['t1'] });
  assert.equal(root.querySelector('.turn[data-turn-id="t1"]'), null);
});
