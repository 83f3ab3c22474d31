import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFileAtomically } from './atomicFile';
import { isHistoryId } from './historySchema';
import { isObject, parseJson } from './history';
import { isResearchEffort, type ResearchEffortName } from './researchTurn';
import { isEventId, type ResearchTaskRecord } from './you/researchTask';

/**
 * The unfinished background research tasks of every window, one small file each beside the
 * history: which conversation and turn wait on which task. A reload, a closed window or a restart
 * the next day lists them on activation and follows each to its report, without reading the whole
 * history. The turn in history stays the truth (a landed turn is never landed again); the record
 * is only the to-do list, and the lock says which window follows a task now, so two windows never
 * both post it.
 */
export interface PendingResearch {
  taskId: string;
  conversationId: string;
  turnId: string;
  effort: ResearchEffortName;
  question: string;
  submittedAt: number;
  /** The last stream event id seen: a resume reconnects from here (`from_id`). */
  lastEventId?: number;
}

/** The client's record of the task (src/core/you/researchTask.ts), for its follow. */
export function taskOf(pending: PendingResearch): ResearchTaskRecord {
  const { taskId, question, effort, submittedAt, lastEventId } = pending;
  return { taskId, question, effort, startedAt: submittedAt, ...(lastEventId === undefined ? {} : { lastEventId }) };
}

/** A window that follows a task touches its lock this often; a lock untouched for STALE_MS belongs to a window that is gone. */
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 45_000;

const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MODES = { file: 0o600, dir: 0o700 };

export interface TaskFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options: { mode: number; flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<string | undefined>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ mtimeMs: number }>;
  utimes(path: string, atime: Date, mtime: Date): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
}

const NODE_TASK_FS: TaskFs = {
  readFile: (path, encoding) => nodeFs.readFile(path, encoding),
  writeFile: (path, data, options) => nodeFs.writeFile(path, data, options),
  rename: (from, to) => nodeFs.rename(from, to),
  mkdir: (path, options) => nodeFs.mkdir(path, options),
  readdir: (path) => nodeFs.readdir(path),
  stat: (path) => nodeFs.stat(path),
  utimes: (path, atime, mtime) => nodeFs.utimes(path, atime, mtime),
  rm: (path, options) => nodeFs.rm(path, options),
};

/** A held task lock: keep it fresh while following, release it when done or leaving. */
export interface TaskLock {
  release(): Promise<void>;
}

export function parseTaskRecord(value: unknown): PendingResearch | undefined {
  if (!isObject(value)) return undefined;
  const { taskId, conversationId, turnId, effort, question, submittedAt, lastEventId } = value;
  if (typeof taskId !== 'string' || !TASK_ID.test(taskId)) return undefined;
  if (!isHistoryId(conversationId) || !isHistoryId(turnId) || !isResearchEffort(effort)) return undefined;
  if (typeof question !== 'string' || typeof submittedAt !== 'number' || !Number.isFinite(submittedAt)) return undefined;
  if (lastEventId !== undefined && !isEventId(lastEventId)) return undefined;
  return { taskId, conversationId, turnId, effort, question, submittedAt, ...(lastEventId === undefined ? {} : { lastEventId }) };
}

export class ResearchTaskStore {
  private readonly fs: TaskFs;
  private readonly now: () => number;

  constructor(
    private readonly folder: string,
    options: { fs?: Partial<TaskFs>; now?: () => number; ownerGone?: (owner: string) => boolean } = {},
  ) {
    this.fs = { ...NODE_TASK_FS, ...options.fs };
    this.now = options.now ?? Date.now;
    this.ownerGone = options.ownerGone ?? processGone;
  }

  private readonly ownerGone: (owner: string) => boolean;

  async put(record: PendingResearch): Promise<void> {
    await replaceFileAtomically(this.fs, this.recordPath(record.taskId), JSON.stringify(record), MODES);
  }

  /** Every readable record; a damaged one is removed (its turn stays in history, shown as it was). */
  async list(): Promise<PendingResearch[]> {
    const names = await this.fs.readdir(this.folder).catch(() => [] as string[]);
    const records: PendingResearch[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const path = join(this.folder, name);
      const text = await this.fs.readFile(path, 'utf8').catch(() => undefined);
      const record = text === undefined ? undefined : parseTaskRecord(parseJson(text));
      if (record && name === `${record.taskId}.json`) records.push(record);
      else if (text !== undefined) await this.fs.rm(path, { force: true });
    }
    return records.sort((a, b) => a.submittedAt - b.submittedAt);
  }

  async remove(taskId: string): Promise<void> {
    if (!TASK_ID.test(taskId)) return;
    await this.fs.rm(this.recordPath(taskId), { force: true });
  }

  /**
   * Takes the task's lock, or undefined when another window holds it. Exclusive create (`wx`) is
   * atomic on one machine; a lock left by a window that crashed goes stale after STALE_MS and is
   * taken over. Touched every HEARTBEAT_MS until released.
   */
  async lock(taskId: string, owner: string): Promise<TaskLock | undefined> {
    if (!TASK_ID.test(taskId)) return undefined;
    const path = join(this.folder, `${taskId}.lock`);
    await this.fs.mkdir(this.folder, { recursive: true, mode: MODES.dir });
    const held = (await this.create(path, owner)) || (await this.takeOver(path, owner));
    return held ? this.heartbeat(path) : undefined;
  }

  /**
   * Takes over a lock whose window is gone. Windows that start together (VS Code restoring them
   * after a crash) race for it: each saw it stale, and one could remove the fresh lock another had
   * just made. So the check, the removal and the new lock happen under a second lock,
   * `<task>.lock.takeover`, one window at a time. A takeover lock left by a window that crashed
   * mid-takeover (its process gone, or untouched for STALE_MS) is removed, once, before trying
   * again (two windows doing that at the same moment could both take over: a crash during a
   * takeover, then a race).
   */
  private async takeOver(path: string, owner: string, retry = true): Promise<boolean> {
    const takeover = `${path}.takeover`;
    if (!(await this.create(takeover, owner))) {
      if (!retry || (await this.isLive(takeover))) return false;
      await this.fs.rm(takeover, { force: true });
      return this.takeOver(path, owner, false);
    }
    try {
      if (await this.isLive(path)) return false;
      await this.fs.rm(path, { force: true });
      return await this.create(path, owner);
    } finally {
      await this.fs.rm(takeover, { force: true });
    }
  }

  /** Whether a lock file belongs to a window still following: touched within STALE_MS and its owner not gone. Gone meanwhile: not live. */
  private async isLive(path: string): Promise<boolean> {
    const holder = await this.fs.readFile(path, 'utf8').catch(() => undefined);
    const stat = await this.fs.stat(path).catch(() => undefined);
    return holder !== undefined && stat !== undefined && this.now() - stat.mtimeMs < STALE_MS && !this.ownerGone(holder);
  }

  /** Creates a lock file naming `owner`; false if it exists. */
  private create(path: string, owner: string): Promise<boolean> {
    return this.fs.writeFile(path, owner, { mode: MODES.file, flag: 'wx' }).then(
      () => true,
      (err: unknown) => {
        if ((err as { code?: unknown } | null)?.code === 'EEXIST') return false;
        throw err;
      },
    );
  }

  /** A held lock, touched every HEARTBEAT_MS until released. */
  private heartbeat(path: string): TaskLock {
    const timer = setInterval(() => {
      const at = new Date(this.now());
      this.fs.utimes(path, at, at).catch(() => undefined);
    }, HEARTBEAT_MS);
    timer.unref?.();
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        await this.fs.rm(path, { force: true });
      },
    };
  }

  private recordPath(taskId: string): string {
    return join(this.folder, `${taskId}.json`);
  }
}

/**
 * Whether the window that wrote `owner` (`<session>:<pid>`) is gone: its process no longer runs on
 * this machine. Unknown owners count as alive (they go stale after STALE_MS instead).
 */
export function processGone(owner: string): boolean {
  const pid = Number(/:(\d+)$/.exec(owner)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as { code?: unknown }).code === 'ESRCH';
  }
}
