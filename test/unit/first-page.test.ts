import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import fc from 'fast-check';
import { FIRST_PAGE_KEY, FIRST_PAGE_MAX_CHARS, PageMirror, firstPageUpdate, keptFirstPage } from '../../src/host/common/firstPage';
import { keepFirstPages } from '../../src/host/firstPageKeeper';
import type { Turn } from '../../src/core/conversation';
import type { HostMessage, ViewState } from '../../src/shared/messages';

const turn = (id: string, answer: string): Turn =>
  ({ id, question: `q ${id}`, agentId: 'you:express', agentLabel: 'Express', answer, citations: [], status: 'done', startedAt: 1 }) as Turn;

function stateMessage(turns: Turn[], over: Partial<ViewState> = {}): Extract<HostMessage, { type: 'state' }> {
  const state: ViewState = {
    conversation: { id: 'c1', title: 'A chat', createdAt: 1, updatedAt: 2, turns },
    agents: [{ id: 'you:express', label: 'Express' } as ViewState['agents'][number]],
    selectedAgentId: 'you:express',
    ready: true,
    demo: false,
    activeTurnId: null,
    phase: 'idle' as ViewState['phase'],
    sendKey: 'enter',
    ...over,
  };
  return { type: 'state', state };
}
const chips = (...labels: string[]): HostMessage => ({ type: 'attachments', items: labels.map((label, i) => ({ id: `a${i}`, label, bytes: 10 })) });

test('firstPageUpdate: keeps the state without this window\'s attachments; leaves the kept page alone mid-answer or while history is read', () => {
  const idle = stateMessage([turn('t1', 'An answer')]);
  const kept = [idle, { type: 'attachments', items: [] }];
  assert.deepEqual(firstPageUpdate([idle, chips('main.ts')]), { keep: kept, json: JSON.stringify(kept) });
  assert.equal(firstPageUpdate([stateMessage([turn('t1', 'partial')], { activeTurnId: 't1' }), chips()]), 'leave');
  assert.equal(firstPageUpdate([stateMessage([], { restoring: true })]), 'leave');
  assert.equal(firstPageUpdate([chips()]), 'leave', 'no state: nothing to keep');
  const large = stateMessage([turn('t1', 'x'.repeat(FIRST_PAGE_MAX_CHARS))]);
  assert.equal(firstPageUpdate([large]), 'remove');
  // Just under the limit is kept: the limit is on the kept page's JSON, not on the answer.
  const room = FIRST_PAGE_MAX_CHARS - JSON.stringify([stateMessage([turn('t1', '')]), chips()]).length;
  assert.notEqual(firstPageUpdate([stateMessage([turn('t1', 'y'.repeat(room))])]), 'remove');
  assert.equal(firstPageUpdate([stateMessage([turn('t1', 'y'.repeat(room + 1))])]), 'remove');
});

test('keptFirstPage: what was kept reads back as it was; anything else (not a list, untyped, too large) reads as nothing', () => {
  const update = firstPageUpdate([stateMessage([turn('t1', 'An answer')])]);
  assert.ok(typeof update === 'object');
  const stored: unknown = JSON.parse(JSON.stringify(update.keep));
  assert.deepEqual(keptFirstPage(stored), update.keep);
  const tooLarge = [{ type: 'state', text: 'x'.repeat(FIRST_PAGE_MAX_CHARS) }];
  for (const bad of [undefined, null, 'state', {}, [], [null], [{ kind: 'state' }], [{ type: 3 }], tooLarge]) {
    assert.equal(keptFirstPage(bad), undefined, JSON.stringify(bad)?.slice(0, 60));
  }
});

test('PageMirror: a message equal to the one of its type the page was written with is not sent, until the first that changes the page; then all are', () => {
  const written = [stateMessage([turn('t1', 'An answer')]), chips()];
  const page = new PageMirror(JSON.parse(JSON.stringify(written)) as unknown[]);
  assert.equal(page.needs(stateMessage([turn('t1', 'An answer')])), false, 'the same state again');
  assert.equal(page.needs(chips()), false);
  assert.ok(page.current);
  assert.equal(page.needs({ type: 'run', activeTurnId: null } as HostMessage), true, 'a type the page was not written with');
  assert.equal(page.current, false);
  assert.equal(page.needs(stateMessage([turn('t1', 'An answer')])), true, 'stale: everything goes');
  assert.equal(page.sent, 2);
  const answered = new PageMirror(written);
  answered.markStale();
  assert.equal(answered.needs(chips()), true, 'after an answer to the page, nothing is left out');
});

test('PageMirror, any sequence: the page always ends up showing what the host last sent of each type (nothing left out changes it)', () => {
  const states = [stateMessage([]), stateMessage([turn('t1', 'a')]), stateMessage([turn('t1', 'b')])];
  const variants = [...states, chips(), chips('x'), { type: 'run', activeTurnId: null } as HostMessage];
  const pick = fc.integer({ min: 0, max: variants.length - 1 });
  fc.assert(
    fc.property(fc.array(pick, { minLength: 1, maxLength: 3 }), fc.array(pick, { maxLength: 12 }), (writtenPicks, postedPicks) => {
      const written = writtenPicks.map((i) => variants[i]!);
      const mirror = new PageMirror(written);
      const host = new Map(written.map((m) => [m.type, JSON.stringify(m)]));
      const page = new Map(host);
      for (const i of postedPicks) {
        const message = variants[i]!;
        host.set(message.type, JSON.stringify(message));
        if (mirror.needs(message)) page.set(message.type, JSON.stringify(message));
        assert.deepEqual(page, host);
      }
    }),
    { seed: 2101, numRuns: 400 },
  );
});

/** A memento that records its writes, and a controller whose one surface the test posts to. */
function keeperHarness(messages: () => HostMessage[]) {
  const writes: unknown[] = [];
  let surface: { post(message: HostMessage): void } | undefined;
  const keeper = keepFirstPages({
    controller: { attach: (s) => ((surface = s), { dispose: () => (surface = undefined) }) },
    workspaceState: {
      keys: () => [],
      get: () => undefined,
      update: async (key: string, value: unknown) => void writes.push([key, value]),
    } as never,
    viewMessages: messages,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined } as never,
  });
  const post = (message: HostMessage) => surface?.post(message);
  return { writes, keeper, post };
}

test('keepFirstPages: one write a second after the last change, none for deltas or an unchanged page; one too large is removed', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    let current: HostMessage[] = [stateMessage([turn('t1', 'An answer')]), chips('main.ts')];
    const { writes, keeper, post } = keeperHarness(() => current);
    const settle = async (ms: number) => {
      mock.timers.tick(ms);
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    post({ type: 'delta', conversationId: 'c1', turnId: 't1', text: 'x' } as HostMessage);
    await settle(5_000);
    assert.equal(writes.length, 0, 'deltas alone never write');
    post({ type: 'turnEnd' } as HostMessage);
    await settle(500);
    post({ type: 'run', activeTurnId: null } as HostMessage);
    await settle(999);
    assert.equal(writes.length, 0, 'a burst of changes waits for its last');
    await settle(1);
    assert.deepEqual(writes, [[FIRST_PAGE_KEY, [current[0], { type: 'attachments', items: [] }]]]);
    post({ type: 'agents' } as HostMessage);
    await settle(1_000);
    assert.equal(writes.length, 1, 'the same page is not written again');
    current = [stateMessage([turn('t1', 'z'.repeat(FIRST_PAGE_MAX_CHARS))])];
    post({ type: 'turnEnd' } as HostMessage);
    await settle(1_000);
    assert.deepEqual(writes.at(-1), [FIRST_PAGE_KEY, undefined]);
    current = [stateMessage([])];
    post({ type: 'state' } as HostMessage);
    await settle(10);
    keeper.dispose();
    await settle(0);
    assert.deepEqual(writes.at(-1), [FIRST_PAGE_KEY, [current[0], { type: 'attachments', items: [] }]], 'a change not yet kept is kept as the window closes');
    post({ type: 'turnEnd' } as HostMessage);
    await settle(2_000);
    assert.equal(writes.length, 3, 'nothing after dispose');
  } finally {
    mock.timers.reset();
  }
});
