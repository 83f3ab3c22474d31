import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ChatSession, type SessionStore } from '../../src/core/chatSession';
import type { Conversation, Turn } from '../../src/core/conversation';
import { AgentError } from '../../src/core/errors';
import type { RunEvent } from '../../src/core/events';
import { parseTurnValue } from '../../src/core/historySchema';
import { ResearchFollower } from '../../src/core/researchFollower';
import { ResearchTaskStore, STALE_MS, type PendingResearch } from '../../src/core/researchTasks';
import { researchRequest } from '../../src/core/researchTurn';
import type { AgentRoute, RunContext } from '../../src/core/routes';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const folders: string[] = [];
after(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

async function folder(): Promise<string> {
  const path = await mkdtemp(join(tmpdir(), 'research-tasks-'));
  folders.push(path);
  return path;
}

/** History that keeps what was saved as JSON, so a new session (a reload) reads it back through the schema. */
class JsonStore implements SessionStore {
  readonly files = new Map<string, string>();
  async save(conversation: Conversation): Promise<void> {
    this.files.set(conversation.id, JSON.stringify(conversation));
  }
  async load(id: string): Promise<Conversation | undefined> {
    const text = this.files.get(id);
    if (!text) return undefined;
    const raw = JSON.parse(text) as Conversation;
    // Every turn through the history schema, as the real store reads it.
    return { ...raw, turns: raw.turns.map((t) => parseTurnValue(t)!) };
  }
  async removeTurns(): Promise<void> {}
}

/** A follow stream the test drives step by step. */
class Gate {
  private queue: RunEvent[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  push(...events: RunEvent[]): void {
    this.queue.push(...events);
    this.wake?.();
  }
  close(): void {
    this.closed = true;
    this.wake?.();
  }
  async *events(signal: AbortSignal): AsyncGenerator<RunEvent> {
    const onAbort = () => this.wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      for (;;) {
        if (signal.aborted) {
          yield { type: 'error', error: new AgentError('aborted', { code: 'stopped' }), partialText: '' };
          return;
        }
        const next = this.queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}

function session(store: JsonStore, submits: { count: number; contexts: RunContext[] }, handed: Turn[] = []) {
  let n = 0;
  const route: AgentRoute = {
    info: { id: 'you:research', label: 'You.com Research', group: 'You.com' },
    needsYouKey: true,
    async *run(_input, context) {
      submits.count++;
      submits.contexts.push(context);
      yield { type: 'progress', kind: 'step', message: 'Submitted' };
      if (context.research?.background) {
        yield { type: 'background', taskId: `task-${submits.count}` };
        return;
      }
      yield { type: 'text', delta: 'quick' };
      yield { type: 'done' };
    },
  };
  return new ChatSession({
    store,
    route: () => route,
    log: silent,
    texts: { newChatTitle: 'New chat', closedMidAnswer: 'closed' },
    emit: () => undefined,
    youReady: () => true,
    requestKey: async () => true,
    onBackground: (_id, turn) => handed.push(structuredClone(turn)),
    newId: () => `id${++n}`,
  });
}

function follower(tasks: ResearchTaskStore, chat: ChatSession, gate: Gate, landed: PendingResearch[], owner = 'window-a') {
  return new ResearchFollower({
    tasks,
    follow: (_record, signal) => gate.events(signal),
    updateTurn: (c, t, change) => chat.updateTurn(c, t, change),
    progress: () => undefined,
    landed: (record) => landed.push(record),
    describeError: (e) => e.message,
    stoppedNote: () => 'Stopped following. The task may still run on You.com and be billed.',
    owner,
    log: silent,
  });
}

const REPORT: RunEvent[] = [
  { type: 'progress', kind: 'step', message: 'Searching' },
  { type: 'text', delta: 'Paris is the capital [[1]](https://example.com/paris).' },
  { type: 'citations', citations: [{ index: 1, url: 'https://example.com/paris', title: 'Paris', snippet: 'capital', snippets: ['capital', 'of France'], host: 'example.com' }] },
  { type: 'done' },
];

describe('background research: submit once, survive a reload, land once', () => {
  test('a deep question hands its task to the follower with the task id in history at once; the session is free again', async () => {
    const store = new JsonStore();
    const submits = { count: 0, contexts: [] as RunContext[] };
    const handed: Turn[] = [];
    const chat = session(store, submits, handed);
    await chat.ask('capital of France?', 'you:research', 'You.com Research', undefined, researchRequest('deep'));
    assert.equal(submits.count, 1);
    assert.deepEqual(submits.contexts[0]?.research, { effort: 'deep', background: true });
    assert.equal(chat.phase, 'idle', 'the chat can go on while the task runs');
    assert.equal(handed.length, 1);
    const saved = await store.load(chat.current.id);
    assert.equal(saved?.turns[0]?.status, 'streaming');
    assert.equal(saved?.turns[0]?.research?.taskId, 'task-1');
    assert.equal(saved?.turns[0]?.research?.effort, 'deep');
  });

  test('a lite question runs in the foreground and is never handed off', async () => {
    const store = new JsonStore();
    const submits = { count: 0, contexts: [] as RunContext[] };
    const handed: Turn[] = [];
    const chat = session(store, submits, handed);
    await chat.ask('q', 'you:research', 'You.com Research', undefined, researchRequest('lite'));
    assert.equal(handed.length, 0);
    assert.equal(chat.current.turns[0]?.status, 'done');
    assert.equal(chat.current.turns[0]?.research?.taskId, undefined);
  });

  test('after a reload the pending turn is restored pending (not interrupted), resumed from its record, and lands in the same turn once', async () => {
    const store = new JsonStore();
    const submits = { count: 0, contexts: [] as RunContext[] };
    const tasks = new ResearchTaskStore(await folder());
    const first = session(store, submits);
    await first.ask('capital of France?', 'you:research', 'You.com Research', undefined, researchRequest('deep'));
    const turn = first.current.turns[0]!;
    const record: PendingResearch = {
      taskId: turn.research!.taskId!,
      conversationId: first.current.id,
      turnId: turn.id,
      effort: 'deep',
      question: turn.question,
      submittedAt: 1,
    };
    const gateBefore = new Gate();
    const landed: PendingResearch[] = [];
    const before = follower(tasks, first, gateBefore, landed);
    await before.submitted(record);
    gateBefore.push({ type: 'progress', kind: 'step', message: 'Searching' });
    // The window reloads mid-run: following stops, the record stays.
    await before.dispose();
    assert.equal((await tasks.list()).length, 1);

    const reloaded = session(store, submits);
    await reloaded.restore(first.current.id);
    assert.equal(reloaded.current.turns[0]?.status, 'streaming', 'a pending task is not an interrupted answer');
    const gate = new Gate();
    const after = follower(tasks, reloaded, gate, landed);
    assert.equal(await after.resumeAll(), 1);
    gate.push(...REPORT);
    gate.close();
    await waitFor(() => landed.length === 1);
    await waitFor(async () => (await tasks.list()).length === 0);
    const saved = (await store.load(first.current.id))!.turns;
    assert.equal(saved.length, 1, 'the report replaces the pending turn, no second turn');
    assert.equal(saved[0]?.status, 'done');
    assert.match(saved[0]!.answer, /Paris is the capital/);
    assert.deepEqual(saved[0]?.citations[0]?.snippets, ['capital', 'of France']);
    assert.equal(submits.count, 1, 'resuming never submits again');

    // A stale record of the same task (another window had kept one): the landed turn is left alone.
    await tasks.put(record);
    const again = new Gate();
    const late = follower(tasks, reloaded, again, landed);
    await late.resumeAll();
    again.push({ type: 'text', delta: 'DIFFERENT' }, { type: 'done' });
    again.close();
    await waitFor(async () => (await tasks.list()).length === 0);
    assert.equal(landed.length, 1, 'never posted twice');
    assert.doesNotMatch((await store.load(first.current.id))!.turns[0]!.answer, /DIFFERENT/);
  });

  test('two windows: only the one holding the lock follows; the other resumes nothing', async () => {
    const store = new JsonStore();
    const submits = { count: 0, contexts: [] as RunContext[] };
    const dir = await folder();
    const chat = session(store, submits);
    await chat.ask('q', 'you:research', 'R', undefined, researchRequest('exhaustive'));
    const turn = chat.current.turns[0]!;
    const taskId = turn.research!.taskId!;
    const record = { taskId, conversationId: chat.current.id, turnId: turn.id, effort: 'exhaustive' as const, question: 'q', submittedAt: 1 };
    const windowA = follower(new ResearchTaskStore(dir), chat, new Gate(), [], 'a');
    const windowB = follower(new ResearchTaskStore(dir), chat, new Gate(), [], 'b');
    await windowA.submitted(record);
    assert.equal(await windowB.resumeAll(), 0);
    assert.deepEqual(windowA.active, [record.taskId]);
    await windowA.dispose();
    // A gone: its lock is released, B takes the task on its next activation.
    assert.equal(await windowB.resumeAll(), 1);
    await windowB.dispose();
  });

  test('Stop stops following, says the task may still run and be billed, and forgets the task', async () => {
    const store = new JsonStore();
    const submits = { count: 0, contexts: [] as RunContext[] };
    const tasks = new ResearchTaskStore(await folder());
    const chat = session(store, submits);
    await chat.ask('q', 'you:research', 'R', undefined, researchRequest('deep'));
    const turn = chat.current.turns[0]!;
    const f = follower(tasks, chat, new Gate(), []);
    await f.submitted({ taskId: turn.research!.taskId!, conversationId: chat.current.id, turnId: turn.id, effort: 'deep', question: 'q', submittedAt: 1 });
    assert.equal(await f.stop(turn.research!.taskId!), true);
    assert.equal(chat.current.turns[0]?.status, 'stopped');
    assert.match(chat.current.turns[0]!.error!.message, /may still run .* billed/);
    assert.deepEqual(await tasks.list(), []);
    assert.equal(submits.count, 1);
  });

  test('a failed task lands as an error in its turn, and the record goes', async () => {
    const store = new JsonStore();
    const submits = { count: 0, contexts: [] as RunContext[] };
    const tasks = new ResearchTaskStore(await folder());
    const chat = session(store, submits);
    await chat.ask('q', 'you:research', 'R', undefined, researchRequest('deep'));
    const turn = chat.current.turns[0]!;
    const gate = new Gate();
    const landed: PendingResearch[] = [];
    const f = follower(tasks, chat, gate, landed);
    await f.submitted({ taskId: turn.research!.taskId!, conversationId: chat.current.id, turnId: turn.id, effort: 'deep', question: 'q', submittedAt: 1 });
    gate.push({ type: 'error', error: new AgentError('failed', { code: 'agent-failed', service: 'You.com Research', message: 'quota' }), partialText: '' });
    gate.close();
    await waitFor(() => chat.current.turns[0]?.status === 'error');
    await waitFor(async () => (await tasks.list()).length === 0);
    assert.equal(landed.length, 0, 'no "ready" notification for a failure');
  });
});

describe('research task store', () => {
  test('a lock is exclusive until released; a lock left by a crashed window goes stale and is taken over', async () => {
    const dir = await folder();
    let now = 1_000_000;
    const a = new ResearchTaskStore(dir);
    const b = new ResearchTaskStore(dir, { now: () => now });
    const held = await a.lock('t1', 'a');
    assert.ok(held);
    assert.equal(await b.lock('t1', 'b'), undefined);
    await held.release();
    const again = await b.lock('t1', 'b');
    assert.ok(again);
    // B "crashes" (never releases); a later window sees the lock untouched for longer than STALE_MS.
    const c = new ResearchTaskStore(dir, { now: () => Date.now() + STALE_MS + 1 });
    const taken = await c.lock('t1', 'c');
    assert.ok(taken, 'a stale lock is taken over');
    await taken.release();
    await again.release();
    now++;
  });

  test('damaged or misnamed records are dropped, good ones listed oldest first; a task id that is not path-safe is refused', async () => {
    const dir = await folder();
    const store = new ResearchTaskStore(dir);
    await store.put({ taskId: 'b', conversationId: 'c1', turnId: 't1', effort: 'deep', question: 'q', submittedAt: 2 });
    await store.put({ taskId: 'a', conversationId: 'c1', turnId: 't2', effort: 'frontier', question: 'q', submittedAt: 1 });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'broken.json'), '{"taskId": "../x"');
    const misnamed = { taskId: 'a', conversationId: 'c1', turnId: 't2', effort: 'deep', question: 'q', submittedAt: 0 };
    await writeFile(join(dir, 'other.json'), JSON.stringify(misnamed));
    assert.deepEqual((await store.list()).map((r) => r.taskId), ['a', 'b']);
    assert.deepEqual((await readdir(dir)).sort(), ['a.json', 'b.json']);
    assert.equal(await store.lock('../escape', 'x'), undefined);
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('a lock whose window process is gone is taken over at once, before it goes stale', async () => {
  const dir = await folder();
  const a = new ResearchTaskStore(dir, { ownerGone: () => false });
  const held = await a.lock('t2', 'session:999999');
  assert.ok(held);
  assert.equal(await new ResearchTaskStore(dir, { ownerGone: () => false }).lock('t2', 'b'), undefined, 'a live owner keeps it');
  const b = new ResearchTaskStore(dir, { ownerGone: (owner) => owner === 'session:999999' });
  const taken = await b.lock('t2', 'b');
  assert.ok(taken);
  await taken.release();
});
