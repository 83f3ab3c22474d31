import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatSession, type SessionEvent, type SessionStore } from '../../src/core/chatSession';
import type { Conversation } from '../../src/core/conversation';
import { AgentError } from '../../src/core/errors';
import type { RunEvent } from '../../src/core/events';
import { abortableSleep } from '../../src/core/net/http';
import type { AgentRoute, RunContext } from '../../src/core/routes';

/** An in-memory history that keeps turns by id, like the real store's one file per turn. */
class MemoryStore implements SessionStore {
  readonly saved = new Map<string, Conversation>();
  saves = 0;
  async save(conversation: Conversation, turnIds?: readonly string[]): Promise<void> {
    this.saves++;
    const stored = this.saved.get(conversation.id) ?? { ...conversation, turns: [] };
    const copy = structuredClone(conversation);
    const ids = new Set(turnIds ?? conversation.turns.map((t) => t.id));
    const turns = new Map(stored.turns.map((t) => [t.id, t]));
    for (const turn of copy.turns) if (ids.has(turn.id)) turns.set(turn.id, turn);
    // Sessions merge like the real store's (another window's stay), so an ended one must be overwritten, not deleted.
    const sessions = { ...stored.sessions, ...copy.sessions };
    this.saved.set(conversation.id, {
      ...copy,
      ...(Object.keys(sessions).length > 0 ? { sessions } : {}),
      turns: [...turns.values()].sort((a, b) => a.startedAt - b.startedAt),
    });
  }
  async load(id: string): Promise<Conversation | undefined> {
    const c = this.saved.get(id);
    return c && structuredClone(c);
  }
  async removeTurns(conversationId: string, turnIds: readonly string[]): Promise<void> {
    const stored = this.saved.get(conversationId);
    if (stored) stored.turns = stored.turns.filter((t) => !turnIds.includes(t.id));
  }
}

/** A run the test drives: it pushes events, and the run ends with `aborted` when its signal fires (as the real clients do). */
class ScriptedRun {
  private queue: RunEvent[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  context: RunContext | undefined;
  /** What the run was asked to send. */
  input = '';
  started = 0;
  push(...events: RunEvent[]): void {
    this.queue.push(...events);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  /** Answers `text` and ends the run. */
  answer(text: string): void {
    this.push({ type: 'text', delta: text }, { type: 'done' });
    this.end();
  }
  async *events(context: RunContext): AsyncGenerator<RunEvent> {
    this.context = context;
    this.started++;
    const onAbort = () => this.wake?.();
    context.signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        if (context.signal.aborted) {
          yield { type: 'error', error: new AgentError('aborted', { code: 'stopped' }), partialText: '' };
          return;
        }
        const next = this.queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      context.signal.removeEventListener('abort', onAbort);
    }
  }
}

function harness(
  options: {
    youReady?: boolean;
    requestKey?: () => Promise<boolean>;
    checkpointMs?: number;
    describeError?: (error: AgentError) => string;
    /** Agent servers (`acp:` ids) keep the conversation themselves, as real ACP and A2A routes say. */
    serverMemory?: boolean;
  } = {},
) {
  const store = new MemoryStore();
  const events: SessionEvent[] = [];
  const runs: ScriptedRun[] = [];
  const cancelled: string[] = [];
  const resumed: { runId: string; text: string }[] = [];
  let id = 0;
  const route = (agentId: string): AgentRoute | undefined =>
    agentId === 'gone'
      ? undefined
      : {
          info: { id: agentId, label: agentId, group: 'test' },
          needsYouKey: agentId.startsWith('you:'),
          ...(options.serverMemory && agentId.startsWith('acp:') ? { keepsMemory: true } : {}),
          run: (input, context) => {
            const run = new ScriptedRun();
            run.input = input;
            runs.push(run);
            return run.events(context);
          },
          resume: (runId, text, context) => {
            resumed.push({ runId, text });
            const run = new ScriptedRun();
            runs.push(run);
            return run.events(context);
          },
          cancel: async (runId) => {
            cancelled.push(runId);
          },
        };
  const session = new ChatSession({
    store,
    route,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    texts: { newChatTitle: 'New chat', closedMidAnswer: 'closed mid-answer' },
    ...(options.describeError ? { describeError: options.describeError } : {}),
    emit: (e) => events.push(e),
    youReady: () => options.youReady ?? true,
    requestKey: options.requestKey ?? (async () => true),
    checkpointMs: options.checkpointMs ?? 10_000,
    newId: () => `id${++id}`,
  });
  return { session, store, events, runs, cancelled, resumed };
}

/** Resolves once `check` holds (bounded). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never: ${what}`);
}

const runEvents = (events: SessionEvent[]) => events.filter((e): e is Extract<SessionEvent, { type: 'run' }> => e.type === 'run');

describe('ChatSession: one owner for every run', () => {
  test('a turn is written when it starts, streams, and ends done; the view learns busy and idle from run events', async () => {
    const { session, store, events, runs } = harness();
    const done = session.ask('What is SSE?', 'acp:a/echo', 'echo');
    await until(() => runs.length === 1, 'the run starts');
    await until(() => store.saved.get(session.current.id)?.turns.length === 1, 'the question is saved before any answer');
    assert.equal(store.saved.get(session.current.id)!.turns[0]!.status, 'streaming');
    runs[0]!.push({ type: 'text', delta: 'Server-' }, { type: 'text', delta: 'sent events' }, { type: 'done' });
    runs[0]!.end();
    await done;
    const saved = store.saved.get(session.current.id)!;
    assert.equal(saved.turns[0]!.answer, 'Server-sent events');
    assert.equal(saved.turns[0]!.status, 'done');
    assert.equal(saved.title, 'What is SSE?');
    assert.deepEqual(
      runEvents(events).map((e) => e.activeTurnId),
      ['id2', null],
    );
    assert.equal(session.phase, 'idle');
    // Deltas of one tick go out as one message.
    assert.deepEqual(events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text), ['Server-sent events']);
  });

  test('Enter twice quickly: the first run is stopped and saved, exactly one run is active, both turns are kept', async () => {
    const { session, store, runs } = harness();
    const first = session.ask('one', 'acp:a/echo', 'echo');
    const second = session.ask('two', 'acp:a/echo', 'echo');
    await until(() => runs.length === 2, 'the second run starts');
    assert.equal(runs[0]!.context!.signal.aborted, true, 'the first run was aborted');
    assert.equal(runs[1]!.context!.signal.aborted, false);
    assert.equal(session.activeTurnId, session.current.turns[1]!.id);
    runs[1]!.answer('two!');
    await Promise.all([first, second]);
    const saved = store.saved.get(session.current.id)!;
    assert.deepEqual(
      saved.turns.map((t) => [t.question, t.status]),
      [
        ['one', 'stopped'],
        ['two', 'done'],
      ],
    );
  });

  test('New chat mid-stream: the running answer is saved into the conversation that owns it, then the view switches', async () => {
    const { session, store, events, runs } = harness();
    const oldId = session.current.id;
    const running = session.ask('long question', 'acp:a/echo', 'echo');
    await until(() => runs.length === 1, 'the run starts');
    runs[0]!.push({ type: 'text', delta: 'partial answer' });
    await until(() => events.some((e) => e.type === 'delta'), 'a delta');
    await session.newChat();
    await running;
    assert.notEqual(session.current.id, oldId);
    assert.equal(session.current.turns.length, 0);
    const old = store.saved.get(oldId)!;
    assert.equal(old.turns[0]!.answer, 'partial answer');
    assert.equal(old.turns[0]!.status, 'stopped');
    // The turn ended (and was announced) before the view was told to switch.
    const endAt = events.findIndex((e) => e.type === 'turnEnd');
    const switchAt = events.findIndex((e) => e.type === 'conversation');
    assert.ok(endAt >= 0 && endAt < switchAt);
    assert.equal(session.activeTurnId, undefined);
    assert.equal(runEvents(events).at(-1)!.activeTurnId, null);
  });

  test('opening a past chat mid-stream keeps both: the running one saved, the past one shown', async () => {
    const { session, store, runs } = harness();
    await store.save({ id: 'past', title: 'Past', createdAt: 1, updatedAt: 1, turns: [] });
    const firstId = session.current.id;
    const running = session.ask('q', 'acp:a/echo', 'echo');
    await until(() => runs.length === 1, 'the run starts');
    runs[0]!.push({ type: 'text', delta: 'so far' });
    assert.equal(await session.open('past'), true);
    await running;
    assert.equal(session.current.id, 'past');
    assert.equal(store.saved.get(firstId)!.turns[0]!.answer, 'so far');
  });

  test('Stop cancels an ACP run on the server, keeps the partial answer, marks it stopped', async () => {
    const { session, store, runs, cancelled } = harness();
    const running = session.ask('q', 'acp:a/slow', 'slow');
    await until(() => runs.length === 1, 'the run starts');
    runs[0]!.push({ type: 'started', runId: 'run-7', sessionId: 'sess-1' }, { type: 'text', delta: 'word1 ' });
    await until(() => session.current.turns[0]!.answer === 'word1 ', 'text');
    await session.stop();
    await running;
    assert.deepEqual(cancelled, ['run-7']);
    const turn = store.saved.get(session.current.id)!.turns[0]!;
    assert.equal(turn.status, 'stopped');
    assert.equal(turn.answer, 'word1 ');
    assert.deepEqual(session.current.sessions, { 'acp:a/slow': 'sess-1' });
  });

  test('Stop during a resumed ACP run cancels that run on the server, even before the server names it again', async () => {
    const { session, runs, cancelled } = harness();
    const asking = session.ask('book a table', 'acp:a/asker', 'asker');
    await until(() => runs.length === 1, 'first run');
    runs[0]!.push({ type: 'await', runId: 'run-9', prompt: 'How many people?' });
    runs[0]!.end();
    await asking;
    const resuming = session.resume(session.current.turns[0]!.id, 'four');
    await until(() => runs.length === 2, 'resumed run');
    await session.stop();
    await resuming;
    assert.deepEqual(cancelled, ['run-9']);
  });

  test('a follow-up to the same ACP agent carries the session id the first run got', async () => {
    const { session, runs } = harness();
    const first = session.ask('one', 'acp:a/echo', 'echo');
    await until(() => runs.length === 1, 'first run');
    assert.equal(runs[0]!.context!.sessionId, undefined);
    runs[0]!.push({ type: 'started', runId: 'run-1', sessionId: 'sess-42' });
    runs[0]!.answer('A1');
    await first;
    const second = session.ask('two', 'acp:a/echo', 'echo');
    await until(() => runs.length === 2, 'second run');
    assert.equal(runs[1]!.context!.sessionId, 'sess-42');
    runs[1]!.answer('A2');
    await second;
  });

  test('Stop during a retry wait settles at once, with no request sent afterwards', async () => {
    const { session } = harness();
    let sent = 0;
    // A route whose client is waiting out a backoff before its next attempt.
    const waiting: AgentRoute = {
      info: { id: 'acp:a/flaky', label: 'flaky', group: 'test' },
      needsYouKey: false,
      run: (_input, context) =>
        (async function* (): AsyncGenerator<RunEvent> {
          try {
            await abortableSleep(60_000, context.signal);
            sent++;
          } catch (err) {
            yield { type: 'error', error: err as AgentError, partialText: '' };
          }
        })(),
    };
    (session as unknown as { deps: { route: (id: string) => AgentRoute } }).deps.route = () => waiting;
    const running = session.ask('q', 'acp:a/flaky', 'flaky');
    await until(() => session.activeTurnId !== undefined, 'active');
    const started = Date.now();
    await session.stop();
    await running;
    assert.ok(Date.now() - started < 5_000);
    assert.equal(sent, 0);
    assert.equal(session.current.turns[0]!.status, 'stopped');
  });

  test('resume during a run: the active run is stopped first, then the awaiting run resumes into its own turn', async () => {
    const { session, runs, resumed } = harness();
    const asking = session.ask('book a table', 'acp:a/asker', 'asker');
    await until(() => runs.length === 1, 'first run');
    runs[0]!.push({ type: 'text', delta: 'For how many?' }, { type: 'await', runId: 'run-1', prompt: 'How many people?' });
    runs[0]!.end();
    await asking;
    assert.equal(session.phase, 'awaiting');
    const awaitingTurn = session.current.turns[0]!;
    assert.equal(awaitingTurn.awaitRunId, 'run-1');
    const other = session.ask('something else', 'acp:a/echo', 'echo');
    await until(() => runs.length === 2, 'second run');
    const resuming = session.resume(awaitingTurn.id, 'four');
    await until(() => runs.length === 3, 'resumed run');
    assert.equal(runs[1]!.context!.signal.aborted, true, 'the run in between was stopped');
    assert.deepEqual(resumed, [{ runId: 'run-1', text: 'four' }]);
    runs[2]!.answer('Booked.');
    await Promise.all([other, resuming]);
    assert.equal(session.current.turns[0]!.status, 'done');
    assert.match(session.current.turns[0]!.answer, /For how many\?[\s\S]*> four[\s\S]*Booked\./);
    assert.equal(session.current.turns[1]!.status, 'stopped');
    // A second resume of the same await does nothing: the run is not resumed twice.
    await session.resume(awaitingTurn.id, 'four');
    assert.equal(resumed.length, 1);
  });

  test('checkpoints a streaming answer off the delta path, at most once per interval', async () => {
    const { session, store, runs } = harness({ checkpointMs: 30 });
    const running = session.ask('q', 'acp:a/echo', 'echo');
    await until(() => runs.length === 1, 'run');
    const savesAtStart = store.saves;
    for (let i = 0; i < 200; i++) runs[0]!.push({ type: 'text', delta: 'x' });
    await until(() => session.current.turns[0]!.answer.length === 200, 'all deltas');
    assert.ok(store.saves - savesAtStart <= 1, 'no write per delta');
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(store.saved.get(session.current.id)!.turns[0]!.answer.length, 200, 'the partial answer reached history while streaming');
    assert.equal(store.saved.get(session.current.id)!.turns[0]!.status, 'streaming');
    runs[0]!.push({ type: 'done' });
    runs[0]!.end();
    await running;
    assert.equal(store.saved.get(session.current.id)!.turns[0]!.status, 'done');
  });

  test('a window that closes mid-answer leaves the question and partial answer, marked interrupted; restore shows them', async () => {
    const first = harness();
    const running = first.session.ask('q', 'acp:a/echo', 'echo');
    await until(() => first.runs.length === 1, 'run');
    first.runs[0]!.push({ type: 'text', delta: 'half an answer' });
    await until(() => first.session.current.turns[0]!.answer !== '', 'text');
    await first.session.shutdown();
    await running;
    const id = first.session.current.id;
    const saved = first.store.saved.get(id)!;
    assert.equal(saved.turns[0]!.status, 'interrupted');
    assert.equal(saved.turns[0]!.error?.message, 'closed mid-answer');

    // A crash saves nothing at the end: the last checkpoint says "streaming"; restore repairs it.
    const second = harness();
    await second.store.save({ ...structuredClone(saved), turns: [{ ...saved.turns[0]!, status: 'streaming', error: undefined }] });
    await second.session.restore(id);
    assert.equal(second.session.current.turns[0]!.status, 'interrupted');
    assert.equal(second.session.current.turns[0]!.answer, 'half an answer');
    assert.equal(second.store.saved.get(id)!.turns[0]!.status, 'interrupted');
  });

  test('no key: the key prompt runs once; a declined prompt ends the turn with Set key, no run started', async () => {
    let prompts = 0;
    const { session, runs } = harness({ youReady: false, requestKey: async () => (prompts++, false) });
    await session.ask('q', 'you:express', 'Express');
    assert.equal(prompts, 1);
    assert.equal(runs.length, 0);
    assert.equal(session.current.turns[0]!.status, 'error');
    assert.equal(session.current.turns[0]!.error?.action, 'set-key');
    assert.equal(session.current.turns[0]!.error?.code, 'no-key');
  });

  test('a failed turn shows the host wording of its reason; the code and action stay; a throwing wording falls back to English', async () => {
    const worded = harness({ describeError: (error) => `⟦${error.reason.code}⟧` });
    await worded.session.ask('q', 'gone', 'gone');
    assert.deepEqual(worded.session.current.turns[0]!.error, { message: '⟦unknown-agent⟧', code: 'unknown-agent', action: 'check-agent' });
    const broken = harness({
      describeError: () => {
        throw new Error('bad template');
      },
    });
    await broken.session.ask('q', 'gone', 'gone');
    assert.equal(broken.session.current.turns[0]!.error?.message, 'The agent gone is not available; pick another one.');
  });

  test('an unknown agent and a failing run end with a clear error and the partial text kept', async () => {
    const { session, runs } = harness();
    await session.ask('q', 'gone', 'gone');
    assert.equal(session.current.turns[0]!.error?.message, 'The agent gone is not available; pick another one.');
    assert.equal(session.current.turns[0]!.error?.code, 'unknown-agent');
    const failing = session.ask('q2', 'acp:a/echo', 'echo');
    await until(() => runs.length === 1, 'run');
    const dropped = new AgentError('interrupted', { code: 'connection-dropped' }, { action: { kind: 'retry' } });
    runs[0]!.push({ type: 'text', delta: 'part' }, { type: 'error', error: dropped, partialText: 'part' });
    runs[0]!.end();
    await failing;
    assert.equal(session.current.turns[1]!.status, 'interrupted');
    assert.equal(session.current.turns[1]!.error?.action, 'retry');
    assert.equal(session.current.turns[1]!.answer, 'part');
  });

  test('retry runs the same question again in the same turn', async () => {
    const { session, runs } = harness();
    const first = session.ask('q', 'acp:a/echo', 'echo');
    await until(() => runs.length === 1, 'run');
    const failed = new AgentError('http', { code: 'http-status', service: 'a', status: 500 }, { action: { kind: 'retry' } });
    runs[0]!.push({ type: 'error', error: failed, partialText: '' });
    runs[0]!.end();
    await first;
    const turnId = session.current.turns[0]!.id;
    const again = session.retry(turnId);
    await until(() => runs.length === 2, 'retry run');
    runs[1]!.answer('ok');
    await again;
    assert.equal(session.current.turns.length, 1);
    assert.equal(session.current.turns[0]!.status, 'done');
    assert.equal(session.current.turns[0]!.error, undefined);
  });
});

/** Asks `question` and lets the run answer `answer` completely. */
async function answered(h: ReturnType<typeof harness>, question: string, answer: string, agentId = 'acp:a/echo'): Promise<void> {
  const before = h.runs.length;
  const done = h.session.ask(question, agentId, agentId);
  await until(() => h.runs.length === before + 1, 'run');
  h.runs[before]!.answer(answer);
  await done;
}

describe('ChatSession: edit, regenerate, versions, rename', () => {
  test('edit and resend replaces the question and every later turn, in the view and in history; one new run', async () => {
    const h = harness();
    await answered(h, 'first', 'A1');
    await answered(h, 'second', 'A2');
    await answered(h, 'third', 'A3');
    const [, second, third] = h.session.current.turns;
    const editing = h.session.edit(second!.id, 'second, fixed');
    await until(() => h.runs.length === 4, 'the edited question runs');
    assert.deepEqual(
      h.events.filter((e) => e.type === 'turnsRemoved'),
      [{ type: 'turnsRemoved', conversationId: h.session.current.id, turnIds: [third!.id] }],
    );
    h.runs[3]!.answer('A2 again');
    await editing;
    const saved = h.store.saved.get(h.session.current.id)!;
    assert.deepEqual(
      saved.turns.map((t) => [t.question, t.answer, t.status]),
      [
        ['first', 'A1', 'done'],
        ['second, fixed', 'A2 again', 'done'],
      ],
    );
    assert.equal(saved.turns[1]!.id, second!.id, 'the edited turn keeps its place');
  });

  test('edit while an answer streams stops that run first (never two runs at once)', async () => {
    const h = harness();
    await answered(h, 'first', 'A1');
    const streaming = h.session.ask('second', 'acp:a/echo', 'echo');
    await until(() => h.runs.length === 2, 'second run');
    const editing = h.session.edit(h.session.current.turns[0]!.id, 'first, fixed');
    await until(() => h.runs.length === 3, 'edited run');
    assert.equal(h.runs[1]!.context!.signal.aborted, true);
    assert.equal(h.session.current.turns.length, 1);
    h.runs[2]!.push({ type: 'done' });
    h.runs[2]!.end();
    await Promise.all([streaming, editing]);
    assert.equal(h.store.saved.get(h.session.current.id)!.turns.length, 1, 'the stopped turn left history too');
  });

  test('regenerate keeps the earlier answer reachable: 2 answers, switch between them, saved; a later regenerate appends', async () => {
    const h = harness();
    await answered(h, 'q', 'first answer');
    const turnId = h.session.current.turns[0]!.id;
    const again = h.session.regenerate(turnId, 'acp:a/other', 'other');
    await until(() => h.runs.length === 2, 'regenerated run');
    const live = h.session.current.turns[0]!;
    assert.equal(live.answer, '');
    assert.equal(live.otherAnswers?.length, 1);
    h.runs[1]!.answer('second answer');
    await again;
    const turn = h.session.current.turns[0]!;
    assert.deepEqual([turn.answer, turn.agentLabel, turn.versionIndex], ['second answer', 'other', 1]);
    assert.equal(await h.session.showAnswer(turnId, 0), true);
    assert.deepEqual([turn.answer, turn.agentLabel, turn.status], ['first answer', 'acp:a/echo', 'done']);
    assert.ok(h.events.some((e) => e.type === 'turnUpdate'));
    const stored = h.store.saved.get(h.session.current.id)!.turns[0]!;
    assert.equal(stored.answer, 'first answer', 'the choice is saved');
    assert.equal(stored.otherAnswers?.[0]?.answer, 'second answer');
    // Regenerating while the first is shown keeps both and adds a third at the end.
    const third = h.session.regenerate(turnId, 'acp:a/echo', 'echo');
    await until(() => h.runs.length === 3, 'third run');
    h.runs[2]!.answer('third answer');
    await third;
    assert.equal(turn.versionIndex, 2);
    assert.deepEqual(
      turn.otherAnswers?.map((a) => a.answer),
      ['first answer', 'second answer'],
    );
    assert.equal(await h.session.showAnswer(turnId, 7), false, 'no such answer');
  });

  test('switching answers of one turn never stops a run in another; the streaming turn does not switch', async () => {
    const h = harness();
    await answered(h, 'q1', 'one');
    const firstId = h.session.current.turns[0]!.id;
    const regen = h.session.regenerate(firstId, 'acp:a/echo', 'echo');
    await until(() => h.runs.length === 2, 'regen');
    assert.equal(await h.session.showAnswer(firstId, 0), false, 'not while it streams');
    h.runs[1]!.answer('two');
    await regen;
    const streaming = h.session.ask('q2', 'acp:a/echo', 'echo');
    await until(() => h.runs.length === 3, 'q2 run');
    assert.equal(await h.session.showAnswer(firstId, 0), true);
    assert.equal(h.runs[2]!.context!.signal.aborted, false, 'the other run goes on');
    h.runs[2]!.push({ type: 'done' });
    h.runs[2]!.end();
    await streaming;
  });

  test('rename saves the new title without touching the turns', async () => {
    const h = harness();
    await answered(h, 'q', 'a');
    await h.session.rename('Renamed chat');
    const saved = h.store.saved.get(h.session.current.id)!;
    assert.equal(saved.title, 'Renamed chat');
    assert.equal(saved.turns.length, 1);
  });
});

/** Answers `question` with `answer`; the server names `sessionId` for the run. */
async function answeredIn(h: ReturnType<typeof harness>, question: string, answer: string, sessionId: string, agentId = 'acp:a/echo'): Promise<void> {
  const before = h.runs.length;
  const done = h.session.ask(question, agentId, agentId);
  await until(() => h.runs.length === before + 1, 'run');
  h.runs[before]!.push({ type: 'started', runId: `run-${before}`, sessionId });
  h.runs[before]!.answer(answer);
  await done;
}

describe('ChatSession: agents that keep their own memory (ACP sessions, A2A contexts)', () => {
  test('an edit starts a fresh session carrying the kept turns; the follow-up continues the fresh one', async () => {
    const h = harness({ serverMemory: true });
    await answeredIn(h, 'first', 'A1', 'sess-1');
    await answeredIn(h, 'second', 'A2', 'sess-1');
    await answeredIn(h, 'third', 'A3', 'sess-1');
    assert.equal(h.runs[1]!.context!.sessionId, 'sess-1', 'follow-ups share the session');
    assert.equal(h.runs[1]!.input, 'second', 'a follow-up in a session sends only the question');
    const second = h.session.current.turns[1]!;
    const editing = h.session.edit(second.id, 'second, fixed');
    await until(() => h.runs.length === 4, 'the edited run');
    const edited = h.runs[3]!;
    assert.equal(edited.context!.sessionId, undefined, 'not the session that holds the replaced turns');
    assert.equal(edited.input, 'Earlier in this conversation (context only):\n\nUser: first\n\nAssistant: A1\n\nQuestion: second, fixed');
    assert.doesNotMatch(edited.input, /A2|third|A3/, 'nothing of the replaced turns');
    edited.push({ type: 'started', runId: 'run-9', sessionId: 'sess-2' });
    edited.answer('A2 again');
    await editing;
    assert.equal(h.store.saved.get(h.session.current.id)!.sessions?.['acp:a/echo'], 'sess-2', 'the fresh session is saved');
    await answeredIn(h, 'fourth', 'A4', 'sess-2');
    assert.deepEqual([h.runs[4]!.context!.sessionId, h.runs[4]!.input], ['sess-2', 'fourth']);
  });

  test('regenerate starts a fresh session with the turns before it; a session of another agent that saw only kept turns goes on', async () => {
    const h = harness({ serverMemory: true });
    await answeredIn(h, 'q1', 'by other', 'other-1', 'acp:a/other');
    await answeredIn(h, 'q2', 'by echo', 'echo-1');
    const turnId = h.session.current.turns[1]!.id;
    const again = h.session.regenerate(turnId, 'acp:a/echo', 'echo');
    await until(() => h.runs.length === 3, 'regenerated run');
    assert.equal(h.runs[2]!.context!.sessionId, undefined);
    assert.match(h.runs[2]!.input, /^Earlier in this conversation \(context only\):\n\nUser: q1\n\nAssistant: by other\n\nQuestion: q2$/);
    h.runs[2]!.answer('echo again');
    await again;
    // Regenerating with the agent whose session holds only q1 continues that session.
    const withOther = h.session.regenerate(turnId, 'acp:a/other', 'other');
    await until(() => h.runs.length === 4, 'regenerated with other');
    assert.deepEqual([h.runs[3]!.context!.sessionId, h.runs[3]!.input], ['other-1', 'q2']);
    h.runs[3]!.answer('other again');
    await withOther;
  });

  test('retry of a stopped answer starts a fresh session too: the server memory holds the stopped attempt', async () => {
    const h = harness({ serverMemory: true });
    await answeredIn(h, 'first', 'A1', 'sess-1');
    const stopped = h.session.ask('second', 'acp:a/echo', 'echo');
    await until(() => h.runs.length === 2, 'second run');
    h.runs[1]!.push({ type: 'started', runId: 'run-2', sessionId: 'sess-1' }, { type: 'text', delta: 'half an ans' });
    await until(() => h.session.current.turns[1]!.answer !== '', 'some text');
    await h.session.stop();
    await stopped;
    const retried = h.session.retry(h.session.current.turns[1]!.id);
    await until(() => h.runs.length === 3, 'retried run');
    assert.equal(h.runs[2]!.context!.sessionId, undefined);
    assert.equal(h.runs[2]!.input, 'Earlier in this conversation (context only):\n\nUser: first\n\nAssistant: A1\n\nQuestion: second');
    h.runs[2]!.answer('A2');
    await retried;
  });

  test('the ended session stays ended after a reload: history keeps the tombstone, not the old id', async () => {
    const h = harness({ serverMemory: true });
    await answeredIn(h, 'first', 'A1', 'sess-1');
    const editing = h.session.edit(h.session.current.turns[0]!.id, 'first, fixed');
    await until(() => h.runs.length === 2, 'edited run');
    h.runs[1]!.end(); // the server named no session: the edit's run ended without one
    await editing;
    const id = h.session.current.id;
    assert.equal(await h.session.open(id), true);
    await answeredIn(h, 'second', 'A2', 'sess-3');
    assert.equal(h.runs[2]!.context!.sessionId, undefined, 'the replaced session is never continued');
    assert.match(h.runs[2]!.input, /User: first, fixed/);
  });

  test('a first ask to a memory agent mid-chat gets the earlier turns; a You.com agent (no server memory) never does', async () => {
    const h = harness({ serverMemory: true });
    await answered(h, 'about you', 'a You.com answer', 'you:express');
    await answered(h, 'more', 'again', 'you:express');
    assert.equal(h.runs[1]!.input, 'more');
    await answeredIn(h, 'ask the server', 'ok', 'sess-1');
    assert.match(h.runs[2]!.input, /User: about you[\s\S]*Assistant: again\n\nQuestion: ask the server$/);
  });
});
