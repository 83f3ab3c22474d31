import { forgetAnswers, keepAnswerForRegenerate, showAnswer } from './answerVersions';
import { errorView, type Conversation, type Turn } from './conversation';
import { AgentError } from './errors';
import { questionWithContext, type ChatTurn } from './earlierTurns';
import { mergeCitations, type RunEvent } from './events';
import type { Log } from './redact';
import { isPendingResearch, type ResearchTurn } from './researchTurn';
import { preflight, type AgentRoute, type RunContext } from './routes';
import type { SessionEvent, SessionPhase } from './sessionEvents';

export type { SessionEvent, SessionPhase };

/**
 * The one owner of the run lifecycle. A chat session holds the current conversation and at most
 * one active run; every way to start or leave a run (ask, retry, resume, new chat, open, stop,
 * shutdown) goes through `exclusive`, which first stops the active run and waits until it has
 * settled and been saved into the conversation that owns it.
 *
 *   idle ──ask/retry/resume──▶ streaming ──done/error/stop──▶ idle
 *                                  └──agent asks (ACP await)──▶ awaiting ──resume──▶ streaming
 *
 * No vscode import: the host injects storage, routing, texts and the key prompt.
 */

export interface SessionStore {
  save(conversation: Conversation, turnIds?: readonly string[]): Promise<void>;
  load(id: string): Promise<Conversation | undefined>;
  /** Deletes turns that left a conversation (an edited question replaces the turns after it). */
  removeTurns(conversationId: string, turnIds: readonly string[]): Promise<void>;
}

/** The sentences the session itself writes (localised by the host). */
export interface SessionTexts {
  newChatTitle: string;
  /** A turn found streaming at restore: the window closed (reload, crash) mid-answer. */
  closedMidAnswer: string;
}

export interface ChatSessionDeps {
  store: SessionStore;
  route(agentId: string): AgentRoute | undefined;
  log: Log;
  texts: SessionTexts;
  /** The text a failed turn shows (the host localises `error.reason`); default: the English message. */
  describeError?(error: AgentError): string;
  emit(event: SessionEvent): void;
  /** Whether You.com runs can go anywhere now (a key or a demo endpoint). */
  youReady(): boolean;
  /** Asks the user for a key; resolves true once one is stored. */
  requestKey(): Promise<boolean>;
  /**
   * A research turn's run went to the background (task id saved in the turn): from here the
   * host's follower owns it. The session's active slot is free again.
   */
  onBackground?(conversationId: string, turn: Turn): void;
  /** How often a streaming turn is written to history (bounded cost off the hot path). */
  checkpointMs?: number;
  now?: () => number;
  newId?: () => string;
}

interface ActiveRun {
  conversation: Conversation;
  turn: Turn;
  route: AgentRoute | undefined;
  abort: AbortController;
  runId?: string;
  /** Set by shutdown: the window is going away, the turn ends interrupted, not stopped. */
  closing?: boolean;
  /** The run became a background task: the turn stays pending for the follower. */
  background?: boolean;
  settled: Promise<void>;
}

export const DEFAULT_CHECKPOINT_MS = 2_000;
/** The first checkpoint of an answer comes sooner, so a reload just after the first words keeps them. */
const FIRST_CHECKPOINT_MS = 250;

/** A run that `begin` started: `done` settles when it has ended and been saved. */
interface StartedRun {
  done: Promise<void>;
}

export class ChatSession {
  private conversation: Conversation;
  private active: ActiveRun | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly deps: ChatSessionDeps) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => crypto.randomUUID().replace(/-/g, '').slice(0, 16));
    this.conversation = this.emptyConversation();
  }

  get current(): Conversation {
    return this.conversation;
  }

  get phase(): SessionPhase {
    if (this.active) return 'streaming';
    return this.conversation.turns.at(-1)?.status === 'awaiting' ? 'awaiting' : 'idle';
  }

  get activeTurnId(): string | undefined {
    return this.active?.turn.id;
  }

  /** Asks `agentId`. Resolves when the run has ended (callers may ignore that). */
  ask(question: string, agentId: string, agentLabel: string, questionLabel?: string, research?: ResearchTurn): Promise<void> {
    return this.exclusive(() => {
      const conversation = this.conversation;
      const turn: Turn = {
        id: this.newId(),
        question,
        ...(questionLabel ? { questionLabel } : {}),
        agentId,
        agentLabel,
        answer: '',
        citations: [],
        status: 'streaming',
        startedAt: this.now(),
        ...(research ? { research: { effort: research.effort, background: research.background } } : {}),
      };
      if (conversation.turns.length === 0) conversation.title = titleOf(questionLabel ?? question);
      conversation.turns.push(turn);
      const route = this.deps.route(agentId);
      return this.begin(turn, route, (r, context) => r.run(this.input(conversation, turn, r, context), context));
    });
  }

  /** Runs a turn's question again, in place (the user asked for it: a new, billed run). */
  retry(turnId: string): Promise<void> {
    return this.exclusive(() => {
      const conversation = this.conversation;
      const turn = conversation.turns.find((t) => t.id === turnId);
      if (!turn) return undefined;
      // The server's memory may hold the attempt being replaced (a stopped or broken answer).
      forgetSessions(conversation, conversation.turns.slice(conversation.turns.indexOf(turn)));
      resetTurn(turn, this.now());
      return this.begin(turn, this.deps.route(turn.agentId), (r, context) => r.run(this.input(conversation, turn, r, context), context));
    });
  }

  /**
   * Asks an edited question in place of turn `turnId`: that turn's answers and every turn after
   * it are replaced (the view says so before it sends). A new, billed run.
   */
  edit(turnId: string, question: string): Promise<void> {
    return this.exclusive(async () => {
      const conversation = this.conversation;
      const at = conversation.turns.findIndex((t) => t.id === turnId);
      const turn = conversation.turns[at];
      if (!turn) return undefined;
      forgetSessions(conversation, conversation.turns.slice(at));
      const removed = conversation.turns.splice(at + 1).map((t) => t.id);
      if (removed.length > 0) {
        this.deps.emit({ type: 'turnsRemoved', conversationId: conversation.id, turnIds: removed });
        await this.deps.store
          .removeTurns(conversation.id, removed)
          .catch((err: unknown) => this.deps.log.error(`could not remove replaced turns: ${String(err)}`));
      }
      turn.question = question;
      delete turn.questionLabel;
      forgetAnswers(turn);
      resetTurn(turn, this.now());
      return this.begin(turn, this.deps.route(turn.agentId), (r, context) => r.run(this.input(conversation, turn, r, context), context));
    });
  }

  /** Another answer to a finished turn's question, from `agentId`; the earlier answers stay reachable. */
  regenerate(turnId: string, agentId: string, agentLabel: string): Promise<void> {
    return this.exclusive(() => {
      const conversation = this.conversation;
      const turn = conversation.turns.find((t) => t.id === turnId);
      if (!turn || turn.status === 'awaiting') return undefined;
      forgetSessions(conversation, conversation.turns.slice(conversation.turns.indexOf(turn)));
      keepAnswerForRegenerate(turn);
      resetTurn(turn, this.now());
      Object.assign(turn, { agentId, agentLabel });
      return this.begin(turn, this.deps.route(agentId), (r, context) => r.run(this.input(conversation, turn, r, context), context));
    });
  }

  /**
   * Shows another answer of a turn. Not through `exclusive`: looking at an older answer must not
   * stop a run elsewhere in the chat. The active turn's answers do not switch while it streams.
   */
  async showAnswer(turnId: string, index: number): Promise<boolean> {
    const conversation = this.conversation;
    const turn = conversation.turns.find((t) => t.id === turnId);
    if (!turn || this.active?.turn === turn || !showAnswer(turn, index)) return false;
    this.deps.emit({ type: 'turnUpdate', conversationId: conversation.id, turn });
    await this.save(conversation, turn);
    return true;
  }

  /** Renames the conversation shown. */
  async rename(title: string): Promise<void> {
    this.conversation.title = title;
    await this.deps.store.save(this.conversation, []);
  }

  /** Answers a run that awaits input and streams the rest of it into the same turn. */
  resume(turnId: string, text: string): Promise<void> {
    return this.exclusive(() => {
      const turn = this.conversation.turns.find((t) => t.id === turnId);
      const runId = turn?.awaitRunId;
      const route = turn && this.deps.route(turn.agentId);
      if (!turn || turn.status !== 'awaiting' || !runId || !route?.resume) return undefined;
      turn.answer += `\n\n> ${text.replace(/\n/g, '\n> ')}\n\n`;
      Object.assign(turn, { status: 'streaming', awaitPrompt: undefined, awaitRunId: undefined, finishedAt: undefined });
      return this.begin(turn, route, (r, context) => r.resume!(runId, text, context), runId);
    });
  }

  /** Stops the active run (and cancels it on an ACP server). Resolves once it has settled. */
  stop(): Promise<void> {
    return this.exclusive(() => undefined);
  }

  newChat(): Promise<void> {
    return this.exclusive(() => {
      this.conversation = this.emptyConversation();
      this.deps.emit({ type: 'conversation' });
      return undefined;
    });
  }

  /** Shows a saved conversation; false when it could not be loaded (the current one stays). */
  async open(id: string): Promise<boolean> {
    let opened = false;
    await this.exclusive(async () => {
      const loaded = await this.deps.store.load(id);
      if (!loaded) return undefined;
      this.conversation = await this.recover(loaded);
      opened = true;
      this.deps.emit({ type: 'conversation' });
      return undefined;
    });
    return opened;
  }

  /** The window is closing: the active turn is saved as interrupted, with what it has. */
  shutdown(): Promise<void> {
    if (this.active) this.active.closing = true;
    return this.stop();
  }

  /**
   * Runs `change` alone: after the active run (if any) was stopped, has settled and was saved.
   * `change` may start a run; its promise is returned without holding the lock, so the next
   * action can stop it.
   */
  private exclusive(change: () => StartedRun | undefined | Promise<StartedRun | undefined>): Promise<void> {
    let runDone: Promise<void> | undefined;
    const step = this.lock.then(async () => {
      await this.settleActive();
      runDone = (await change())?.done;
    });
    this.lock = step.catch((err: unknown) => this.deps.log.error(`chat session: ${String(err)}`));
    return step.then(() => runDone);
  }

  /**
   * What a run of `turn` sends: its question, and, to a server that keeps the conversation but has
   * no session in it yet (a first ask mid-chat, or a fresh session after an edit or a regenerate),
   * the turns before it as a compact transcript, so it answers with what the user sees above.
   */
  private input(conversation: Conversation, turn: Turn, route: AgentRoute, context: RunContext): string {
    if (!route.keepsMemory || context.sessionId) return turn.question;
    const at = conversation.turns.indexOf(turn);
    const earlier = conversation.turns.slice(0, Math.max(at, 0)).flatMap((t): ChatTurn[] => [
      { role: 'user', text: t.question },
      { role: 'assistant', text: t.answer },
    ]);
    return questionWithContext(turn.question, earlier);
  }

  private async settleActive(): Promise<void> {
    const active = this.active;
    if (!active) return;
    active.abort.abort();
    if (active.runId && active.route?.cancel) {
      active.route.cancel(active.runId).catch((err: unknown) => this.deps.log.warn(`cancel failed: ${String(err)}`));
    }
    await active.settled;
  }

  /** Starts the run of `turn` and returns its completion; `this.active` is set before it returns. */
  private begin(
    turn: Turn,
    route: AgentRoute | undefined,
    start: (route: AgentRoute, context: RunContext) => AsyncIterable<RunEvent>,
    runId?: string,
  ): StartedRun {
    const conversation = this.conversation;
    let settle!: () => void;
    const active: ActiveRun = {
      conversation,
      turn,
      route,
      abort: new AbortController(),
      ...(runId ? { runId } : {}),
      settled: new Promise<void>((resolve) => (settle = resolve)),
    };
    this.active = active;
    this.deps.emit({ type: 'turnStart', conversationId: conversation.id, turn });
    this.emitRun();
    return { done: this.execute(active, start).finally(settle) };
  }

  private async execute(active: ActiveRun, start: (route: AgentRoute, context: RunContext) => AsyncIterable<RunEvent>): Promise<void> {
    const { turn, route, conversation } = active;
    const checkpoint = new Checkpoint(() => this.save(conversation, turn), this.deps.checkpointMs ?? DEFAULT_CHECKPOINT_MS);
    let failure: AgentError | undefined;
    try {
      // The question is in history before the first byte of the answer.
      void checkpoint.now();
      failure = await this.preflight(active);
      if (!failure && route) {
        const sessionId = conversation.sessions?.[route.info.id];
        const research = turn.research && { effort: turn.research.effort, background: turn.research.background };
        const events = start(route, { signal: active.abort.signal, ...(sessionId ? { sessionId } : {}), ...(research ? { research } : {}) });
        failure = await this.consume(active, events, checkpoint);
      }
    } catch (err) {
      this.deps.log.error(`run crashed: ${String(err)}`);
      failure = new AgentError('protocol', { code: 'unexpected', message: String(err) }, { action: { kind: 'retry' } });
    }
    if (active.abort.signal.aborted && !failure) failure = new AgentError('aborted', { code: 'stopped' });
    this.end(active, failure);
    // Through the checkpoint's queue, so no earlier checkpoint can land after the final write.
    await checkpoint.final();
    if (this.active === active) this.active = undefined;
    this.emitRun();
  }

  /** Why the run cannot start, if it cannot: unknown or unavailable agent, no key. */
  private async preflight(active: ActiveRun): Promise<AgentError | undefined> {
    const problem = preflight(active.route, active.turn.agentId, this.deps.youReady());
    if (problem?.reason.code !== 'no-key') return problem;
    // Here, unlike a surface without a prompt, the user can set the key and the run goes on.
    const gotKey = await this.deps.requestKey();
    if (active.abort.signal.aborted) return new AgentError('aborted', { code: 'stopped' });
    return gotKey ? undefined : problem;
  }

  private async consume(active: ActiveRun, events: AsyncIterable<RunEvent>, checkpoint: Checkpoint): Promise<AgentError | undefined> {
    const { turn, conversation, route } = active;
    const conversationId = conversation.id;
    // Deltas that arrive together (one network chunk) go out as one message, with no added delay.
    let pending = '';
    const flush = () => {
      if (!pending) return;
      this.deps.emit({ type: 'delta', conversationId, turnId: turn.id, text: pending });
      pending = '';
    };
    let failure: AgentError | undefined;
    try {
      for await (const event of events) {
        switch (event.type) {
          case 'text':
            turn.answer += event.delta;
            if (!pending) setImmediate(flush);
            pending += event.delta;
            checkpoint.soon();
            break;
          case 'citations':
            turn.citations = mergeCitations(turn.citations, event.citations);
            this.deps.emit({ type: 'citations', conversationId, turnId: turn.id, citations: turn.citations });
            break;
          case 'progress':
            this.deps.log.debug(`progress (${event.kind}): ${event.message}`);
            if (event.kind !== 'debug') {
              turn.progress = event.message;
              this.deps.emit({ type: 'progress', conversationId, turnId: turn.id, message: event.message });
            }
            break;
          case 'background':
            // The task id is in history at once: a reload from here on resumes the task, never resubmits it.
            if (turn.research) {
              turn.research = { ...turn.research, taskId: event.taskId, submittedAt: this.now() };
              active.background = true;
              void checkpoint.now();
            }
            break;
          case 'started':
            if (event.runId) active.runId = event.runId;
            if (event.sessionId && route) conversation.sessions = { ...conversation.sessions, [route.info.id]: event.sessionId };
            break;
          case 'await':
            Object.assign(turn, { status: 'awaiting', awaitPrompt: event.prompt, awaitRunId: event.runId });
            break;
          case 'done':
            turn.status = 'done';
            break;
          case 'error':
            failure = event.error;
            break;
        }
      }
    } finally {
      flush();
    }
    return failure;
  }

  /** The turn's final status from how its run ended. */
  private end(active: ActiveRun, failure: AgentError | undefined): void {
    const { turn, conversation } = active;
    if (active.background && !failure) {
      // Still running on the server: the turn stays pending, and the follower takes it from here.
      conversation.updatedAt = this.now();
      this.deps.emit({ type: 'turnUpdate', conversationId: conversation.id, turn });
      this.deps.onBackground?.(conversation.id, turn);
      return;
    }
    if (failure?.kind === 'aborted') {
      if (active.closing) Object.assign(turn, { status: 'interrupted', error: this.closedError() });
      else turn.status = 'stopped';
    } else if (failure) {
      turn.status = turn.answer ? 'interrupted' : 'error';
      turn.error = errorView(failure, this.describe(failure));
    } else if (turn.status === 'streaming') {
      turn.status = 'interrupted';
    }
    turn.progress = undefined;
    turn.finishedAt = this.now();
    conversation.updatedAt = this.now();
    this.deps.emit({ type: 'turnEnd', conversationId: conversation.id, turn });
  }

  /** Turns left streaming by a window that closed mid-answer are interrupted, and saved so. */
  private async recover(conversation: Conversation): Promise<Conversation> {
    // A pending background task is not stale: the follower resumes it (researchFollower.ts).
    const stale = conversation.turns.filter((t) => t.status === 'streaming' && !isPendingResearch(t));
    for (const turn of stale) Object.assign(turn, { status: 'interrupted', progress: undefined, error: this.closedError() });
    if (stale.length > 0) {
      await this.deps.store
        .save(conversation, stale.map((t) => t.id))
        .catch((err: unknown) => this.deps.log.error(`could not save the recovered conversation: ${String(err)}`));
    }
    return conversation;
  }

  /**
   * Changes a turn outside a run of this session (a background research task landing), in
   * whichever conversation holds it: the one shown (in memory, and the views are told) or one in
   * history. Ordered with every other session change, but never stops the active run. `change`
   * returns false to leave the turn as it is (it is no longer the one expected); the result says
   * whether it was changed and saved.
   */
  async updateTurn(conversationId: string, turnId: string, change: (turn: Turn) => boolean): Promise<boolean> {
    let changed = false;
    const step = this.lock.then(async () => {
      const shown = this.conversation.id === conversationId ? this.conversation : undefined;
      const conversation = shown ?? (await this.deps.store.load(conversationId));
      const turn = conversation?.turns.find((t) => t.id === turnId);
      if (!conversation || !turn || (this.active?.turn === turn && !this.active.background) || !change(turn)) return;
      changed = true;
      conversation.updatedAt = this.now();
      if (shown) this.deps.emit({ type: turn.status === 'streaming' ? 'turnUpdate' : 'turnEnd', conversationId, turn });
      await this.deps.store.save(conversation, [turn.id]);
    });
    this.lock = step.catch((err: unknown) => this.deps.log.error(`chat session: ${String(err)}`));
    await step;
    return changed;
  }

  /** Restores a conversation from history at start (the window's last one). */
  async restore(id: string): Promise<void> {
    await this.exclusive(async () => {
      const loaded = await this.deps.store.load(id);
      if (loaded) this.conversation = await this.recover(loaded);
      return undefined;
    });
  }

  /** The host's wording of a failure; its English message if the host has none or it throws. */
  private describe(failure: AgentError): string {
    if (!this.deps.describeError) return failure.message;
    try {
      return this.deps.describeError(failure);
    } catch (err) {
      this.deps.log.error(`could not word an error: ${String(err)}`);
      return failure.message;
    }
  }

  private closedError() {
    return { message: this.deps.texts.closedMidAnswer, action: 'retry' as const };
  }

  private async save(conversation: Conversation, turn: Turn): Promise<void> {
    try {
      await this.deps.store.save(conversation, [turn.id]);
    } catch (err) {
      this.deps.log.error(`could not save the conversation: ${String(err)}`);
    }
  }

  private emitRun(): void {
    this.deps.emit({ type: 'run', conversationId: this.conversation.id, activeTurnId: this.active?.turn.id ?? null, phase: this.phase });
  }

  private emptyConversation(): Conversation {
    const now = this.now();
    return { id: this.newId(), title: this.deps.texts.newChatTitle, createdAt: now, updatedAt: now, turns: [] };
  }
}

/** Writes a streaming turn at most once per `intervalMs`, never on the delta path itself. */
class Checkpoint {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Whether a checkpoint with answer text was written yet. */
  private written = false;

  constructor(
    private readonly write: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  now(): Promise<void> {
    this.writing = this.writing.then(this.write);
    return this.writing;
  }

  final(): Promise<void> {
    this.cancel();
    return this.now();
  }

  soon(): void {
    if (this.timer) return;
    // The first words are written quickly (a reload right after them keeps them); then every interval.
    const delay = this.written ? this.intervalMs : Math.min(FIRST_CHECKPOINT_MS, this.intervalMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.written = true;
      void this.now();
    }, delay);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * Ends, in this conversation, the server sessions of every agent that answered one of `turns`
 * (any of its answers): those sessions hold turns an edit, a regenerate or a retry replaces. The empty
 * string is kept (not a deleted key) so history's merge with another window's sessions drops it too.
 */
function forgetSessions(conversation: Conversation, turns: readonly Turn[]): void {
  const sessions = conversation.sessions;
  if (!sessions) return;
  for (const turn of turns) {
    for (const agentId of [turn.agentId, ...(turn.otherAnswers ?? []).map((a) => a.agentId)]) {
      if (sessions[agentId]) sessions[agentId] = '';
    }
  }
}

function resetTurn(turn: Turn, now: number): void {
  Object.assign(turn, {
    answer: '',
    citations: [],
    status: 'streaming',
    progress: undefined,
    error: undefined,
    awaitPrompt: undefined,
    awaitRunId: undefined,
    startedAt: now,
    finishedAt: undefined,
  });
  if (turn.research) turn.research = { effort: turn.research.effort, background: turn.research.background };
}

function titleOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
