import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { firstMessages } from '../../src/host/common/webviewHandlers';
import { toScriptJson } from '../../src/shared/l10nBundle';
import { FIRST_MESSAGES_ELEMENT_ID, parseFirstMessages, type HostMessage, type ViewState } from '../../src/shared/messages';
import { chatPageTestBed } from '../tools/webviewBundles';

/**
 * The view paints from its HTML: the state the host writes into the page (inert JSON) is shown
 * before any message arrives, validated as if posted; a page without one waits for the host.
 */
const bed = chatPageTestBed('first-paint');

// Text that would end the script element or open a comment if it were not escaped.
const HOSTILE = 'See </script><script>window.__pwned = 1</script> and <!-- this';
const state: ViewState = {
  conversation: {
    id: 'c1',
    title: 'T',
    createdAt: 0,
    updatedAt: 0,
    turns: [{ id: 't1', question: HOSTILE, agentId: 'a', agentLabel: 'Agent', answer: `An answer. ${HOSTILE}`, citations: [], status: 'done', startedAt: 0 }],
  },
  agents: [{ id: 'a', label: 'Agent', group: 'G' }],
  selectedAgentId: 'a',
  ready: true,
  demo: false,
  activeTurnId: null,
  phase: 'idle',
  sendKey: 'enter',
};

/** Opens the page as the host writes it (with `embedded` as the element's text) and returns before any message is posted to it. */
async function open(embedded: string | undefined): Promise<Page> {
  return bed.open(embedded === undefined ? '' : `<script type="application/json" id="${FIRST_MESSAGES_ELEMENT_ID}">${embedded}</script>`);
}

test('the embedded state is painted before any message: agents, the visible turns and the composer', async () => {
  const chips: HostMessage = { type: 'attachments', items: [{ id: 'x', label: 'a.ts', bytes: 10 }] };
  const p = await open(toScriptJson([{ type: 'state', state }, chips] satisfies HostMessage[]));
  try {
    assert.ok(await p.isVisible('.composer-input'), 'the composer shows');
    assert.equal(await p.$eval('.agent-select', (e) => (e as HTMLSelectElement).value), 'a');
    assert.match(await p.$eval('.turn[data-turn-id="t1"] .answer', (e) => e.textContent ?? ''), /An answer\./);
    assert.equal(await p.$eval('.turn[data-turn-id="t1"] .question-text', (e) => e.textContent ?? ''), HOSTILE, 'the text came through whole');
    assert.equal(await p.$$eval('.chip', (chips) => chips.length), 1);
    assert.equal(await p.evaluate('window.__pwned'), undefined, 'nothing in the state ran');
    // It still tells the host it is there (the host answers only if its state is newer); `idle` may follow a second later.
    const posted = (await p.evaluate('window.__posted')) as { type: string }[];
    assert.deepEqual(posted.filter((m) => m.type !== 'idle'), [{ type: 'ready' }]);
  } finally {
    await p.close();
  }
});

test('a page without a (valid) embedded state shows neither chat nor welcome until the host posts one', async () => {
  for (const embedded of [undefined, '{not json', toScriptJson([{ type: 'state', state: { conversation: 'no' } }])]) {
    const p = await open(embedded);
    try {
      assert.equal(await p.isVisible('.composer-input'), false, String(embedded));
      assert.equal(await p.isVisible('.welcome'), false, String(embedded));
      await p.evaluate((s) => window.postMessage({ type: 'state', state: s }, '*'), state);
      await p.waitForSelector('.composer-input', { state: 'visible' });
    } finally {
      await p.close();
    }
  }
});

test('embedded first messages: escaped for a script element, read back equal, malformed ones dropped', () => {
  const messages: HostMessage[] = [{ type: 'state', state }];
  const text = toScriptJson(messages);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(parseFirstMessages(text), messages);
  assert.deepEqual(parseFirstMessages(toScriptJson([{ type: 'nope' }, { type: 'focusComposer' }, 7])), [{ type: 'focusComposer' }]);
  for (const bad of [undefined, '', '{', '{"type":"state"}', 'null']) assert.deepEqual(parseFirstMessages(bad), [], String(bad));
});

test('the first messages are taken once the keys are loaded: a view shows the composer or the welcome, not a guess', async () => {
  let ready = false;
  let release!: () => void;
  const chat = {
    ready: new Promise<void>((resolve) => (release = resolve)).then(() => void (ready = true)),
    state: (): ViewState => ({ ...state, ready }),
  };
  const pending = firstMessages(chat, { chips: () => [] });
  release();
  const messages = await pending;
  assert.deepEqual(
    messages.map((m) => m.type),
    ['state', 'attachments'],
  );
  assert.equal(messages[0]?.type === 'state' && messages[0].state.ready, true);
});
