import { errorView, type ErrorView, type Turn } from './conversation';
import type { AgentError } from './errors';
import { mergeCitations, type Citation, type RunEvent } from './events';
import type { Log } from './redact';
import type { PendingResearch, ResearchTaskStore, TaskLock } from './researchTasks';
import { isPendingResearch } from './researchTurn';

/**
 * Follows background research tasks to their reports, outside the chat session's one active run:
 * a task runs for minutes while the user goes on chatting, and several may run at once. Each task
 * is followed by one window at a time (the task store's lock), and lands once, in the turn that
 * asked for it (the turn is replaced, never appended; a turn no longer pending is left alone).
 * Leaving (a reload, a closed window) releases the lock and keeps the record, so the next
 * activation resumes the task; Stop forgets the record, since nobody will follow it again.
 */
export interface FollowerDeps {
  tasks: Pick<ResearchTaskStore, 'put' | 'list' | 'remove' | 'lock'>;
  /** The route's follow for this task (the stream, with poll fallback, then the final GET), or undefined when it cannot run now (no key). */
  follow(record: PendingResearch, signal: AbortSignal): AsyncIterable<RunEvent> | undefined;
  /** Changes the turn where it lives (ChatSession.updateTurn); false when it is gone or `change` declined. */
  updateTurn(conversationId: string, turnId: string, change: (turn: Turn) => boolean): Promise<boolean>;
  /** Shows a step in the turn while it runs (not saved: the next step replaces it). */
  progress(conversationId: string, turnId: string, message: string): void;
  /** The report landed (a notification offers to open it). */
  landed(record: PendingResearch, turn: Turn): void;
  /** How a failure reads in the turn. */
  describeError(error: AgentError): string;
  /** The note a stopped turn keeps: the task may still run, and be billed. */
  stoppedNote(): string;
  /** This window, written into the locks it holds. */
  owner: string;
  log: Log;
  now?: () => number;
}

interface Following {
  record: PendingResearch;
  abort: AbortController;
  stopped: boolean;
  done: Promise<void>;
}

export class ResearchFollower {
  private readonly following = new Map<string, Following>();
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly deps: FollowerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Task ids followed by this window now. */
  get active(): string[] {
    return [...this.following.keys()];
  }

  /** A task the session just submitted: recorded first (a reload from here resumes it), then followed. */
  async submitted(record: PendingResearch): Promise<void> {
    await this.deps.tasks.put(record).catch((err: unknown) => this.deps.log.error(`research task record: ${String(err)}`));
    await this.start(record);
  }

  /** Every unfinished task on disk that no window follows: resumed (activation, after the first paint). */
  async resumeAll(): Promise<number> {
    const records = await this.deps.tasks.list().catch((err: unknown) => {
      this.deps.log.warn(`research tasks: ${String(err)}`);
      return [] as PendingResearch[];
    });
    let resumed = 0;
    for (const record of records) if (await this.start(record)) resumed++;
    return resumed;
  }

  /** Stops following a task: the turn says it may still run and be billed; nobody resumes it. */
  async stop(taskId: string): Promise<boolean> {
    const following = this.following.get(taskId);
    if (!following) return false;
    following.stopped = true;
    following.abort.abort();
    await following.done;
    return true;
  }

  /** The client saw a later stream event of a task this window follows: kept, so a resume reconnects from there. */
  async advanced(taskId: string, lastEventId: number | undefined): Promise<void> {
    const following = this.following.get(taskId);
    if (!following || lastEventId === undefined || following.record.lastEventId === lastEventId) return;
    following.record = { ...following.record, lastEventId };
    await this.deps.tasks.put(following.record).catch((err: unknown) => this.deps.log.warn(`research task record: ${String(err)}`));
  }

  /** Stops following the tasks of one turn, wherever its follower is (this window only). */
  taskOf(conversationId: string, turnId: string): string | undefined {
    for (const f of this.following.values()) if (f.record.conversationId === conversationId && f.record.turnId === turnId) return f.record.taskId;
    return undefined;
  }

  /** The window goes away: stop following, keep every record for the next activation. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.following.values()];
    for (const f of all) f.abort.abort();
    await Promise.all(all.map((f) => f.done));
  }

  private async start(record: PendingResearch): Promise<boolean> {
    if (this.disposed || this.following.has(record.taskId)) return false;
    const lock = await this.deps.tasks.lock(record.taskId, this.deps.owner).catch((err: unknown) => {
      this.deps.log.warn(`research task lock: ${String(err)}`);
      return undefined;
    });
    // Another window follows it (or the lock could not be taken): that window lands it.
    if (!lock) return false;
    if (this.disposed || this.following.has(record.taskId)) {
      await lock.release();
      return false;
    }
    const abort = new AbortController();
    const following: Following = { record, abort, stopped: false, done: Promise.resolve() };
    this.following.set(record.taskId, following);
    following.done = this.run(following, lock).finally(() => this.following.delete(record.taskId));
    return true;
  }

  private async run(following: Following, lock: TaskLock): Promise<void> {
    const { record, abort } = following;
    const { conversationId, turnId, taskId } = record;
    const isOurs = (turn: Turn) => isPendingResearch(turn) && turn.research?.taskId === taskId;
    let text = '';
    let citations: Citation[] = [];
    let failure: AgentError | undefined;
    let finished = false;
    try {
      const events = this.deps.follow(record, abort.signal) ?? [];
      for await (const event of events) {
        if (event.type === 'text') text += event.delta;
        else if (event.type === 'citations') citations = mergeCitations(citations, event.citations);
        else if (event.type === 'progress' && event.kind !== 'debug') this.deps.progress(conversationId, turnId, event.message);
        else if (event.type === 'done') finished = true;
        else if (event.type === 'error') failure = event.error;
      }
    } catch (err) {
      this.deps.log.error(`research follow ${taskId}: ${String(err)}`);
    }
    try {
      if (following.stopped) {
        const note: ErrorView = { message: this.deps.stoppedNote(), action: 'none' };
        await this.deps.updateTurn(conversationId, turnId, (turn) => isOurs(turn) && end(turn, 'stopped', this.now(), note));
        await this.deps.tasks.remove(taskId);
        return;
      }
      // Leaving (reload, shutdown) or a failure to reach the server: the record stays, the next activation resumes.
      if (abort.signal.aborted || (!finished && !failure)) return;
      if (failure?.kind === 'aborted') return;
      let landedTurn: Turn | undefined;
      const changed = await this.deps.updateTurn(conversationId, turnId, (turn) => {
        if (!isOurs(turn)) return false;
        Object.assign(turn, { answer: text, citations });
        if (failure) end(turn, text ? 'interrupted' : 'error', this.now(), errorView(failure, this.deps.describeError(failure)));
        else end(turn, 'done', this.now());
        landedTurn = turn;
        return true;
      });
      // Landed here, or already landed (another window, an earlier run): either way nothing is left to follow.
      await this.deps.tasks.remove(taskId);
      if (changed && landedTurn && !failure) this.deps.landed(record, landedTurn);
      if (!changed) this.deps.log.info(`research task ${taskId}: its turn was already settled or is gone`);
    } catch (err) {
      this.deps.log.error(`research task ${taskId} could not land: ${String(err)}`);
    } finally {
      await lock.release().catch(() => undefined);
    }
  }
}

function end(turn: Turn, status: Turn['status'], now: number, error?: ErrorView): true {
  Object.assign(turn, { status, progress: undefined, finishedAt: now });
  if (error) turn.error = error;
  return true;
}
