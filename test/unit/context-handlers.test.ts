import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileAttachment, questionWithAttachments } from '../../src/core/context/attachments';
import { dispatch, webviewHandlers, type ChatPort, type CodePort, type HostApi } from '../../src/host/common/webviewHandlers';
import { parseHostMessage, parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../src/shared/messages';

function fakes() {
  const calls: string[] = [];
  const chat: ChatPort = {
    ready: Promise.resolve(),
    state: () => ({
      conversation: { id: 'c', title: '', createdAt: 0, updatedAt: 0, turns: [] },
      agents: [],
      selectedAgentId: '',
      ready: true,
      demo: false,
      activeTurnId: null,
      phase: 'idle',
      sendKey: 'enter',
    }),
    ask: async (text, label) => void calls.push(`ask ${JSON.stringify(text)}${label ? ` label ${JSON.stringify(label)}` : ''}`),
    stop: async () => {},
    retry: async () => {},
    resume: async () => {},
    edit: async () => {},
    regenerate: async () => {},
    showAnswer: async () => false,
    answerMarkdown: () => undefined,
    selectAgent: async () => {},
    newChat: async () => {},
  };
  const host = { command: async () => undefined } as unknown as HostApi;
  const attached = [fileAttachment('a1', 'src/a.ts', 'typescript', 'let a = 1;')];
  let pending = [...attached];
  const code: CodePort = {
    apply: async (c, turnId) => void calls.push(`apply ${c}${turnId ? ` for ${turnId}` : ''}`),
    attach: async (what) => void calls.push(`attach ${what}`),
    detach: (id) => void calls.push(`detach ${id}`),
    chips: () => pending.map(({ id, label, bytes }) => ({ id, label, bytes })),
    takeForAsk: (text) => {
      const items = pending;
      pending = [];
      return items.length ? { question: questionWithAttachments(text, items), label: `${text} [attached]` } : { question: text };
    },
  };
  return { chat, host, code, calls, attached };
}

test('Apply, Attach and Detach from the webview are validated and reach the code features', async () => {
  const { chat, host, code, calls } = fakes();
  const handlers = webviewHandlers(chat, host, code);
  const samples: WebviewMessage[] = [
    { type: 'applyCode', code: 'x = 1', turnId: 't1' },
    { type: 'applyCode', code: 'y = 2' },
    { type: 'attach', what: 'file' },
    { type: 'attach', what: 'editors' },
    { type: 'attach', what: 'terminal' },
    { type: 'detach', id: 'a1' },
  ];
  for (const sample of samples) {
    const parsed = parseWebviewMessage(JSON.parse(JSON.stringify(sample)));
    assert.deepEqual(parsed, sample);
    await dispatch(handlers, parsed!, () => {});
  }
  assert.deepEqual(calls, ['apply x = 1 for t1', 'apply y = 2', 'attach file', 'attach editors', 'attach terminal', 'detach a1']);
  for (const bad of [{ type: 'attach', what: 'disk' }, { type: 'attach' }, { type: 'detach' }, { type: 'applyCode' }, { type: 'applyCode', code: 5 }]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('the next ask carries the attachments the view showed, once; a reloaded view gets the chips again', async () => {
  const { chat, host, code, calls, attached } = fakes();
  const handlers = webviewHandlers(chat, host, code);
  const replies: HostMessage[] = [];
  await dispatch(handlers, { type: 'ready' }, (m) => replies.push(m));
  assert.deepEqual(
    replies.map((r) => r.type),
    ['state', 'attachments'],
  );
  assert.deepEqual(replies[1], { type: 'attachments', items: [{ id: 'a1', label: 'src/a.ts', bytes: attached[0]!.bytes }] });
  await dispatch(handlers, { type: 'ask', text: 'Why?' }, () => {});
  await dispatch(handlers, { type: 'ask', text: 'And now?' }, () => {});
  assert.deepEqual(calls, [`ask ${JSON.stringify(questionWithAttachments('Why?', attached))} label "Why? [attached]"`, 'ask "And now?"']);
});

test('without code features the handlers still ask plainly', async () => {
  const { chat, host, calls } = fakes();
  await dispatch(webviewHandlers(chat, host), { type: 'ask', text: 'plain' }, () => {});
  assert.deepEqual(calls, ['ask "plain"']);
});

test('the webview accepts well-formed attachment lists only', () => {
  const good = { type: 'attachments', items: [{ id: 'a1', label: 'src/a.ts', bytes: 12 }] };
  assert.deepEqual(parseHostMessage(good), good);
  assert.deepEqual(parseHostMessage({ type: 'attachments', items: [] }), { type: 'attachments', items: [] });
  assert.equal(parseHostMessage({ type: 'attachments', items: [{ id: 'a1', label: 'x' }] }), undefined);
  assert.equal(parseHostMessage({ type: 'attachments' }), undefined);
});
