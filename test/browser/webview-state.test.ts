import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { HostMessage, Turn, ViewState } from '../../src/shared/messages';
import { chatPageTestBed } from '../tools/webviewBundles';

/**
 * The real webview bundle in headless Chromium, driven by host messages: its busy state (Stop
 * shown, Send hidden) is a function of the host's `run` messages alone, never of the turn events
 * seen, and events that name another conversation than the one shown change nothing.
 */
const bed = chatPageTestBed('webview-state');

const SHOWN = 'c1';
const OTHER = 'c2';
const turn = (id: string, answer: string, status: Turn['status']): Turn => ({
  id, question: `Question ${id}`, agentId: 'a', agentLabel: 'Agent', answer, citations: [], status, startedAt: 0,
});
const state: ViewState = {
  conversation: { id: SHOWN, title: 'T', createdAt: 0, updatedAt: 0, turns: [] },
  agents: [{ id: 'a', label: 'Agent', group: 'G' }],
  selectedAgentId: 'a',
  ready: true,
  demo: false,
  activeTurnId: null,
  phase: 'idle',
  sendKey: 'enter',
};

async function open(): Promise<Page> {
  // Functions passed to evaluate keep their names through tsx (`__name`).
  const p = await bed.open('', 'window.__name = (f) => f; window.__handled = 0;');
  // Listens after the webview: when it sees a marker, every message posted before it was handled.
  await p.evaluate(`window.addEventListener('message', (e) => { if (e.data && e.data.type === '__marker') window.__handled = e.data.n; })`);
  return p;
}

let markers = 0;
/** Posts messages as the host does, and returns once the webview has handled them all. */
async function send(p: Page, ...messages: HostMessage[]): Promise<void> {
  const n = ++markers;
  await p.evaluate(
    ({ messages, n }) => {
      for (const message of messages) window.postMessage(message, '*');
      window.postMessage({ type: '__marker', n }, '*');
    },
    { messages, n },
  );
  await p.waitForFunction((n) => (window as unknown as { __handled: number }).__handled === n, n);
}

/** What the composer shows: Send or Stop (both visible would be a bug too), and the transcript's aria-busy. */
async function composer(p: Page): Promise<{ send: boolean; stop: boolean; ariaBusy: string | null }> {
  return {
    send: await p.isVisible('.composer button.send'),
    stop: await p.isVisible('.composer button.stop'),
    ariaBusy: await p.getAttribute('.transcript', 'aria-busy'),
  };
}
const IDLE = { send: true, stop: false, ariaBusy: 'false' };
const BUSY = { send: false, stop: true, ariaBusy: 'true' };

const answerText = (p: Page, turnId: string) => p.$eval(`.turn[data-turn-id="${turnId}"] .answer`, (e) => e.textContent ?? '');

test('busy follows the host\'s run messages: a turn starting or ending alone does not change it', async () => {
  const p = await open();
  await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await send(p, { type: 'state', state });
  assert.deepEqual(await composer(p), IDLE);

  await send(p, { type: 'turnStart', conversationId: SHOWN, turn: turn('t1', '', 'streaming') });
  assert.equal(await p.$$eval('.turn', (turns) => turns.length), 1);
  assert.deepEqual(await composer(p), IDLE, 'a turn starting is not the run');

  await send(p, { type: 'run', conversationId: SHOWN, activeTurnId: 't1', phase: 'streaming' });
  assert.deepEqual(await composer(p), BUSY);

  await send(p, { type: 'turnEnd', conversationId: SHOWN, turn: turn('t1', 'Done.', 'done') });
  await p.waitForSelector('.turn[data-turn-id="t1"][data-status="done"]');
  assert.deepEqual(await composer(p), BUSY, 'a turn ending is not the run ending');

  await send(p, { type: 'run', conversationId: SHOWN, activeTurnId: null, phase: 'idle' });
  assert.deepEqual(await composer(p), IDLE);

  // A state says it too: busy when it names an active turn.
  const conversation = { ...state.conversation, turns: [turn('t2', 'so far', 'streaming')] };
  await send(p, { type: 'state', state: { ...state, conversation, activeTurnId: 't2', phase: 'streaming' } });
  assert.deepEqual(await composer(p), BUSY);
  await p.close();
});

test('events for another conversation than the one shown change nothing', async () => {
  const p = await open();
  await send(p, { type: 'state', state });
  await send(
    p,
    { type: 'turnStart', conversationId: SHOWN, turn: turn('t1', '', 'streaming') },
    { type: 'delta', conversationId: SHOWN, turnId: 't1', text: 'Alpha ' },
  );
  await p.waitForFunction(() => document.querySelector('.turn[data-turn-id="t1"] .answer')?.textContent?.includes('Alpha'));
  const before = { composer: await composer(p), turns: await p.$$eval('.turn', (turns) => turns.map((t) => (t as HTMLElement).dataset.turnId)) };

  // The same turn id in another conversation: only the conversation id tells them apart.
  await send(
    p,
    { type: 'delta', conversationId: OTHER, turnId: 't1', text: 'Intruder ' },
    { type: 'run', conversationId: OTHER, activeTurnId: 't1', phase: 'streaming' },
    { type: 'turnStart', conversationId: OTHER, turn: turn('t9', 'elsewhere', 'streaming') },
    { type: 'progress', conversationId: OTHER, turnId: 't1', message: 'Searching elsewhere' },
    { type: 'turnEnd', conversationId: OTHER, turn: turn('t1', 'Replaced', 'error') },
  );
  // A later delta of the chat shown renders, and nothing of the other conversation got in before it.
  await send(p, { type: 'delta', conversationId: SHOWN, turnId: 't1', text: 'Beta' });
  await p.waitForFunction(() => document.querySelector('.turn[data-turn-id="t1"] .answer')?.textContent?.includes('Beta'));
  assert.equal((await answerText(p, 't1')).trim(), 'Alpha Beta');
  assert.deepEqual(await p.$$eval('.turn', (turns) => turns.map((t) => (t as HTMLElement).dataset.turnId)), before.turns);
  assert.equal(await p.getAttribute('.turn[data-turn-id="t1"]', 'data-status'), 'streaming');
  assert.equal(await p.$eval('.turn[data-turn-id="t1"]', (e) => e.textContent?.includes('Searching elsewhere')), false);
  assert.deepEqual(await composer(p), before.composer);
  assert.deepEqual(before.composer, IDLE);

  // And the run of another conversation ending does not make the shown one idle.
  await send(p, { type: 'run', conversationId: SHOWN, activeTurnId: 't1', phase: 'streaming' });
  await send(p, { type: 'run', conversationId: OTHER, activeTurnId: null, phase: 'idle' });
  assert.deepEqual(await composer(p), BUSY);
  await p.close();
});

test('the composer and the edit box send only what they show: hidden characters are written out first, the next Send sends that', async () => {
  const p = await open();
  await send(p, { type: 'state', state: { ...state, conversation: { ...state.conversation, turns: [turn('t1', 'Done.', 'done')] } } });
  type Posted = { type: string; text?: string };
  const posted = () => p.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted.filter((m) => m.type === 'ask' || m.type === 'edit'));
  const smuggled = `weather${String.fromCodePoint(0xe0073, 0xe006b)} \u202Etxet`;
  await p.fill('.composer-input', smuggled);
  await p.click('.composer button.send');
  assert.deepEqual(await posted(), [], 'nothing sent while the composer showed hidden characters');
  assert.equal(await p.inputValue('.composer-input'), 'weather⟨U+E0073⟩⟨U+E006B⟩ ⟨U+202E⟩txet');
  assert.match(await p.textContent('.composer-note') ?? '', /written out as ⟨U\+…⟩/);
  await p.click('.composer button.send');
  assert.deepEqual(await posted(), [{ type: 'ask', text: 'weather⟨U+E0073⟩⟨U+E006B⟩ ⟨U+202E⟩txet' }]);
  assert.equal(await p.isVisible('.composer-note'), false);

  // The edit box of an earlier question does the same.
  await p.hover('.turn[data-turn-id="t1"] .question');
  await p.click('.turn[data-turn-id="t1"] .question-edit');
  await p.fill('.edit-input', 'zero\u200Bwidth');
  await p.click('[data-edit="send"]');
  assert.equal((await posted()).length, 1);
  assert.equal(await p.inputValue('.edit-input'), 'zero⟨U+200B⟩width');
  await p.click('[data-edit="send"]');
  assert.deepEqual((await posted()).at(-1), { type: 'edit', turnId: 't1', text: 'zero⟨U+200B⟩width' });
  await p.close();
});

test('the question box grows with its text to about ten lines, then scrolls, and is one line again once sent', async () => {
  const p = await open();
  await send(p, { type: 'state', state });
  const box = () => p.$eval('.composer-input', (el) => ({ height: el.getBoundingClientRect().height, scrolls: el.scrollHeight > el.clientHeight }));
  await p.fill('.composer-input', 'one line');
  const one = await box();
  await p.fill('.composer-input', 'one\ntwo\nthree');
  const three = await box();
  assert.ok(three.height > one.height * 2, `three lines (${three.height}px) are taller than one (${one.height}px)`);
  assert.equal(three.scrolls, false, 'three lines show whole');
  await p.fill('.composer-input', Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n'));
  const forty = await box();
  assert.ok(forty.height <= 200 + 1, `forty lines stop growing at 200px (${forty.height}px)`);
  assert.equal(forty.scrolls, true, 'forty lines scroll');
  await p.press('.composer-input', 'Enter');
  assert.equal(await p.inputValue('.composer-input'), '');
  assert.equal((await box()).height, one.height, 'sent: one line again');
  await p.close();
});

/** What has focus: a selector-like description, or 'body' when focus dropped to nothing. */
const focusedOn = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const turnId = el.closest<HTMLElement>('.turn')?.dataset.turnId;
    const action = el.getAttribute('data-turn-action');
    return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${action ? `[${action}]` : ''}${turnId ? ` in ${turnId}` : ''}`;
  });

const run = (activeTurnId: string | null): HostMessage => ({ type: 'run', conversationId: SHOWN, activeTurnId, phase: activeTurnId ? 'streaming' : 'idle' });
const started = (t: Turn): HostMessage => ({ type: 'turnStart', conversationId: SHOWN, turn: t });
const ended = (t: Turn): HostMessage => ({ type: 'turnEnd', conversationId: SHOWN, turn: t });

test('focus goes to the next step whenever the control that had it goes away', async () => {
  const p = await open();
  await send(p, { type: 'state', state: { ...state, conversation: { ...state.conversation, turns: [turn('t1', 'First answer.', 'done')] } } });
  // Send → Stop (the host's run replaces Send by Stop).
  await p.fill('.composer-input', 'Next question');
  await p.focus('.composer button.send');
  await p.keyboard.press('Enter');
  await send(p, started(turn('t2', '', 'streaming')), run('t2'));
  assert.equal(await focusedOn(p), 'button.icon-button.stop');
  // Stop → the composer.
  await p.keyboard.press('Enter');
  await send(p, ended(turn('t2', 'Half', 'stopped')), run(null));
  assert.equal(await focusedOn(p), 'textarea.composer-input');
  // Regenerate → the turn's question (its tools are gone while it streams again).
  await p.focus('.turn[data-turn-id="t1"] [data-turn-action="regenerate"]');
  await p.keyboard.press('Enter');
  await send(p, started(turn('t1', '', 'streaming')), run('t1'));
  assert.equal(await focusedOn(p), 'h2.question-text.question-heading in t1');
  // A rebuilt footer keeps focus on the same control (Copy answer after the answer ends).
  await send(p, ended(turn('t1', 'Again.', 'done')), run(null));
  await p.focus('.turn[data-turn-id="t1"] [data-turn-action="copyAnswer"]');
  await send(p, { type: 'turnUpdate', conversationId: SHOWN, turn: turn('t1', 'Again, edited.', 'done') });
  assert.equal(await focusedOn(p), 'button.icon-button[copyAnswer] in t1');
  // Edit is in the Tab order (not visibility: hidden) and shows when focused; a cancelled edit → Edit.
  await p.focus('.turn[data-turn-id="t1"] .question-heading');
  await p.keyboard.press('Tab');
  assert.equal(await focusedOn(p), 'button.icon-button.question-edit[edit] in t1');
  assert.equal(await p.$eval('.turn[data-turn-id="t1"] .question-edit', (e) => getComputedStyle(e).opacity), '1');
  await p.keyboard.press('Enter');
  assert.equal(await focusedOn(p), 'textarea.edit-input in t1');
  await p.keyboard.press('Escape');
  await p.waitForFunction(() => document.activeElement?.classList.contains('question-edit'));
  // The transcript replaced (another chat) while focus was in it → the composer.
  await send(p, { type: 'state', state });
  assert.equal(await focusedOn(p), 'textarea.composer-input');
  // Focus Chat Input before a key is set: the welcome's first button, not nothing.
  await send(p, { type: 'state', state: { ...state, ready: false } }, { type: 'focusComposer' });
  assert.equal(await focusedOn(p), 'button.text-button.primary');
  await p.close();
});

test('screen-reader names: a heading per question, code buttons say their block, citations say their source', async () => {
  const p = await open();
  const answer = 'Intro [1](https://en.wikipedia.org/wiki/Paris)\n\n```ts\nlet a = 1;\n```\n\nThen:\n\n```\nplain\n```\n';
  const cited = {
    ...turn('t1', answer, 'done'),
    citations: [{ index: 1, url: 'https://en.wikipedia.org/wiki/Paris', title: 'Paris - Wikipedia', host: 'en.wikipedia.org', snippet: '' }],
  };
  await send(p, { type: 'state', state: { ...state, conversation: { ...state.conversation, turns: [cited] } } });
  await p.waitForSelector('.turn[data-turn-id="t1"] .code-block >> nth=1');
  assert.equal(await p.$eval('.turn[data-turn-id="t1"] h2.question-heading', (e) => e.textContent), 'Question t1');
  assert.equal(await p.$eval('.turn[data-turn-id="t1"]', (e) => e.getAttribute('aria-labelledby')), 'q-t1');
  assert.deepEqual(
    await p.$$eval('.code-toolbar [data-code-action="copy"]', (els) => els.map((e) => e.getAttribute('aria-label'))),
    ['Copy TypeScript block 1', 'Copy code block 2'],
  );
  assert.equal(await p.$eval('a.cite', (e) => e.getAttribute('aria-label')), 'Source 1: Paris - Wikipedia, en.wikipedia.org');
  await p.close();
});

test('the live region reads out each progress step as it happens, and the end without web addresses', async () => {
  const p = await open();
  await send(p, { type: 'state', state }, started(turn('t1', '', 'streaming')), run('t1'));
  const announced = () => p.$eval('.sr-only[role="status"]', (e) => e.textContent);
  assert.equal(await announced(), 'Thinking…');
  await send(p, { type: 'progress', conversationId: SHOWN, turnId: 't1', message: 'Searching the web' });
  assert.equal(await announced(), 'Searching the web');
  await send(p, { type: 'progress', conversationId: SHOWN, turnId: 't1', message: 'Reading 4 sources' });
  assert.equal(await announced(), 'Reading 4 sources');
  await send(p, ended(turn('t1', 'Paris [[1]](https://en.wikipedia.org/wiki/Paris), see https://example.com/x.', 'done')), run(null));
  assert.equal(await announced(), 'Answer finished. Paris, see.');
  await p.close();
});
