import { promises as nodeFs } from 'node:fs';
import { join, sep } from 'node:path';
import { replaceFileAtomically } from './atomicFile';
import type { Conversation, Turn } from './conversation';
import { isHistoryId, parseIndexEntry, parseStringMap, parseTurnValue } from './historySchema';
import { silentLog, type Log } from './redact';

export interface HistoryEntry {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: number;
  /** Agent of the last turn this window saved. */
  agentLabel?: string;
  /** Sum of the sizes of the conversation's turn files. */
  bytes: number;
}

export interface HistoryLoad {
  conversations: HistoryEntry[];
  /** Files that did not parse; each was renamed to `*.corrupt` so it is kept but skipped. */
  setAside: string[];
}

/** The file calls the store makes; a test may replace some to inject an I/O failure. */
export interface HistoryFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options: { mode: number; flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<string | undefined>;
  chmod(path: string, mode: number): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ size: number; mtimeMs: number }>;
  rm(path: string, options: { recursive?: boolean; force: boolean }): Promise<void>;
}

export interface HistoryOptions {
  now?: () => number;
  fs?: Partial<HistoryFs>;
  /** Where a file set aside is reported. */
  log?: Log;
}

/** The real file system; the history search index (historyIndex.ts) uses it too. */
export const NODE_FS: HistoryFs = {
  readFile: (path, encoding) => nodeFs.readFile(path, encoding),
  writeFile: (path, data, options) => nodeFs.writeFile(path, data, options),
  rename: (from, to) => nodeFs.rename(from, to),
  mkdir: (path, options) => nodeFs.mkdir(path, options),
  chmod: (path, mode) => nodeFs.chmod(path, mode),
  readdir: (path) => nodeFs.readdir(path),
  stat: (path) => nodeFs.stat(path),
  rm: (path, options) => nodeFs.rm(path, options),
};

const TURN_FILE = /^turn-([A-Za-z0-9_-]{1,64})\.json$/;
const INDEX = 'index.json';
const META = 'meta.json';
const STALE_TEMP_MS = 60 * 60 * 1000;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

interface Meta {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  sessions?: Record<string, string>;
}

type Index = Record<string, HistoryEntry>;

/** Told of a conversation's new index entry after a write; undefined when it was deleted. */
export type HistoryListener = (id: string, entry: HistoryEntry | undefined) => void;

/**
 * Conversations on disk, shared by every VS Code window of the user:
 *
 *   index.json                 entries keyed by id, for a quick list
 *   <id>/meta.json             title, times, ACP sessions
 *   <id>/turn-<turnId>.json    one file per turn
 *   <id>.json                  the old layout (a whole conversation), still read; migrated on save
 *
 * Why one file per turn: two windows may add turns to the same conversation. With one file per
 * conversation, each window would rewrite the whole file from its own copy and silently drop the
 * other's turns. With one file per turn, a window only ever writes the turns it was asked to,
 * and a load is the union of every turn file, so no window's turn is lost. Metadata and the index
 * are read-merge-written; a race between windows there loses at most a title or list entry until
 * the next save heals it.
 *
 * Every write is atomic (temp file + rename in the same folder, mode 0600; folders 0700). Only a
 * file that does not parse is set aside (renamed `*.corrupt`); an I/O failure is retried once and
 * then thrown as HistoryIoError, never taken for corruption. No vscode import: tested in plain Node.
 */
export class HistoryStore {
  private readonly fs: HistoryFs;
  private readonly now: () => number;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly listeners = new Set<HistoryListener>();
  private rootReady = false;
  private readonly log: Log;

  constructor(
    readonly dir: string,
    options: HistoryOptions = {},
  ) {
    this.fs = { ...NODE_FS, ...options.fs };
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLog;
  }

  /** Writes the conversation's metadata and the given turns (all when turnIds is omitted); never deletes turn files it was not asked to. */
  async save(conversation: Conversation, turnIds?: readonly string[]): Promise<void> {
    const id = checkId(conversation.id);
    for (const turn of conversation.turns) checkId(turn.id);
    for (const turnId of turnIds ?? []) checkId(turnId);
    // Snapshot now: the caller may change the conversation while an earlier save still runs.
    const snapshot = structuredClone(conversation);
    await this.inOrder(id, () => this.write(snapshot, turnIds));
  }

  private async write(conversation: Conversation, turnIds: readonly string[] | undefined): Promise<void> {
    const id = conversation.id;
    const wanted = turnIds === undefined ? conversation.turns : conversation.turns.filter((t) => turnIds.includes(t.id));
    await this.ensureRoot();
    const meta = await this.writeMeta(conversation);
    for (const turn of wanted) {
      const path = this.turnPath(id, turn.id);
      await this.serial(path, () => this.replaceFile(path, JSON.stringify(turn)));
    }
    const last = conversation.turns[conversation.turns.length - 1];
    this.changed(id, await this.updateIndex(id, (old) => ({ ...meta, agentLabel: last?.agentLabel ?? old?.agentLabel })));
  }

  /**
   * Calls `listener` after each save, turn removal or delete has written its files and its index
   * entry (undefined: deleted), in this window; returns what unsubscribes. The search index follows
   * the history this way (historyIndex.ts). A listener that throws is ignored.
   */
  onDidChange(listener: HistoryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(id: string, entry: HistoryEntry | undefined): void {
    for (const listener of this.listeners) {
      try {
        listener(id, entry);
      } catch {
        // A listener's failure is its own; the write it follows succeeded.
      }
    }
  }

  /** Removes turns (edit-and-resend replaces the turns after an edited question). */
  async removeTurns(conversationId: string, turnIds: readonly string[]): Promise<void> {
    const id = checkId(conversationId);
    for (const turnId of turnIds) checkId(turnId);
    await this.inOrder(id, async () => {
      for (const turnId of turnIds) {
        const path = this.turnPath(id, turnId);
        await this.serial(path, () => this.remove(path));
      }
      this.changed(id, await this.updateIndex(id, (old) => old));
    });
  }

  /**
   * Undefined when missing. The union of all turn files, ordered by startedAt then id. Throws
   * HistoryCorrupt only when the metadata does not parse (after setting it aside); a turn file
   * that does not parse is set aside and skipped.
   */
  async load(id: string): Promise<Conversation | undefined> {
    checkId(id);
    const meta = await this.readMeta(id);
    if (meta === 'missing') return undefined;
    if (meta === 'set-aside') {
      await this.updateIndex(id, () => undefined).catch(() => undefined);
      throw new HistoryCorrupt(`${id}/${META}`);
    }
    const names = (await this.listDir(this.folderOf(id))) ?? [];
    const read = await Promise.all(
      names.map(async (name): Promise<Turn | undefined> => {
        const turnId = TURN_FILE.exec(name)?.[1];
        if (!isHistoryId(turnId)) return undefined;
        const path = join(this.folderOf(id), name);
        const turnText = await this.readText(path);
        if (turnText === undefined) return undefined;
        const turn = parseTurn(turnText, turnId);
        if (!turn) await this.setAside(path);
        return turn;
      }),
    );
    const turns = read.filter((t): t is Turn => t !== undefined);
    turns.sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { id, title: meta.title, createdAt: meta.createdAt, updatedAt: meta.updatedAt, turns, ...(meta.sessions ? { sessions: meta.sessions } : {}) };
  }

  /** Newest first, from index.json plus any conversation folder the index misses. */
  async list(): Promise<HistoryLoad> {
    const names = await this.listDir(this.dir);
    if (names === undefined) return { conversations: [], setAside: [] };
    const index = await this.serial(join(this.dir, INDEX), () => this.readIndex());
    const folders = new Set(names.filter(isHistoryId));
    const conversations: HistoryEntry[] = [];
    const setAside: string[] = [];
    const found: HistoryEntry[] = [];
    for (const id of folders) {
      const known = index[id];
      const entry = known ?? (await this.entryFromFolder(id, setAside));
      if (entry) conversations.push(entry);
      if (entry && !known) found.push(entry);
    }
    const orphans = Object.keys(index).filter((id) => !folders.has(id));
    if (found.length > 0 || orphans.length > 0) await this.healIndex(found, orphans);
    conversations.sort((a, b) => b.updatedAt - a.updatedAt);
    return { conversations, setAside };
  }

  async delete(id: string): Promise<void> {
    checkId(id);
    // In order with this window's saves, so a pending save cannot recreate the folder afterwards.
    await this.inOrder(id, async () => {
      await this.remove(this.folderOf(id), true);
      this.changed(id, await this.updateIndex(id, () => undefined));
    });
  }

  /** Removes temp files older than an hour (left by a crash); call once at start. */
  async cleanStale(): Promise<void> {
    const names = await this.listDir(this.dir);
    if (names === undefined) return;
    const folders = [this.dir, ...names.filter(isHistoryId).map((n) => join(this.dir, n))];
    for (const folder of folders) {
      for (const name of (await this.listDir(folder)) ?? []) {
        if (!name.endsWith('.tmp')) continue;
        const path = join(folder, name);
        const stat = await this.statOf(path);
        if (stat && this.now() - stat.mtimeMs > STALE_TEMP_MS) await this.remove(path);
      }
    }
  }

  // --- layout -------------------------------------------------------------------------------

  private folderOf(id: string): string {
    return join(this.dir, id);
  }

  private turnPath(id: string, turnId: string): string {
    return join(this.folderOf(id), `turn-${turnId}.json`);
  }

  /** Stored metadata merged with the in-memory one: sessions another window added are kept. */
  private async writeMeta(conversation: Conversation): Promise<Meta> {
    const path = join(this.folderOf(conversation.id), META);
    let merged: Meta | undefined;
    await this.serial(path, async () => {
      const text = await this.readText(path);
      const stored = text === undefined ? undefined : parseMeta(text, conversation.id);
      if (text !== undefined && !stored) await this.setAside(path);
      const sessions = { ...stored?.sessions, ...conversation.sessions };
      merged = {
        id: conversation.id,
        title: conversation.title,
        createdAt: Math.min(stored?.createdAt ?? conversation.createdAt, conversation.createdAt),
        updatedAt: Math.max(stored?.updatedAt ?? conversation.updatedAt, conversation.updatedAt),
        ...(Object.keys(sessions).length > 0 ? { sessions } : {}),
      };
      await this.replaceFile(path, JSON.stringify(merged));
    });
    return merged!;
  }

  // --- index ------------------------------------------------------------------------------

  private async readIndex(): Promise<Index> {
    const path = join(this.dir, INDEX);
    const text = await this.readText(path);
    if (text === undefined) return emptyIndex();
    const index = parseIndex(text);
    if (!index) await this.setAside(path);
    return index ?? emptyIndex();
  }

  /**
   * Read-merge-write of one entry; `next` gets the stored entry (turn count and size refreshed
   * from the folder) and returns the new one, or undefined to drop it.
   */
  private async updateIndex(
    id: string,
    next: (old: HistoryEntry | undefined) => Omit<HistoryEntry, 'turns' | 'bytes'> | undefined,
  ): Promise<HistoryEntry | undefined> {
    const path = join(this.dir, INDEX);
    return this.serial(path, async () => {
      const index = await this.readIndex();
      const entry = next(index[id]);
      if (entry) {
        const { turns, bytes } = await this.turnStats(id);
        const { title, createdAt, updatedAt, agentLabel } = entry;
        index[id] = { id, title, createdAt, updatedAt, turns, bytes, ...(agentLabel ? { agentLabel } : {}) };
      } else {
        if (!(id in index)) return undefined;
        delete index[id];
      }
      await this.ensureRoot();
      await this.replaceFile(path, JSON.stringify({ version: 1, conversations: index }));
      return index[id];
    });
  }

  /** Adds folders the index missed and drops entries whose folder is gone; best effort, as the next save heals too. */
  private async healIndex(found: readonly HistoryEntry[], orphans: readonly string[]): Promise<void> {
    const path = join(this.dir, INDEX);
    await this.serial(path, async () => {
      const index = await this.readIndex();
      for (const entry of found) index[entry.id] ??= entry;
      for (const id of orphans) if ((await this.sizeOf(this.folderOf(id))) === undefined) delete index[id];
      await this.replaceFile(path, JSON.stringify({ version: 1, conversations: index }));
    }).catch(() => undefined);
  }

  private async entryFromFolder(id: string, setAside: string[]): Promise<HistoryEntry | undefined> {
    const meta = await this.readMeta(id);
    if (meta === 'missing') return undefined;
    if (meta === 'set-aside') {
      setAside.push(`${id}/${META}`);
      return undefined;
    }
    return { id, title: meta.title, createdAt: meta.createdAt, updatedAt: meta.updatedAt, ...(await this.turnStats(id)) };
  }

  /** A conversation's metadata; 'missing' without the file, 'set-aside' when it did not parse (it is renamed *.corrupt). */
  private async readMeta(id: string): Promise<Meta | 'missing' | 'set-aside'> {
    const metaPath = join(this.folderOf(id), META);
    const text = await this.readText(metaPath);
    if (text === undefined) return 'missing';
    const meta = parseMeta(text, id);
    if (meta) return meta;
    await this.setAside(metaPath);
    return 'set-aside';
  }

  private async turnStats(id: string): Promise<{ turns: number; bytes: number }> {
    const names = ((await this.listDir(this.folderOf(id))) ?? []).filter((name) => TURN_FILE.test(name));
    const sizes = (await Promise.all(names.map((name) => this.sizeOf(join(this.folderOf(id), name))))).filter((n): n is number => n !== undefined);
    return { turns: sizes.length, bytes: sizes.reduce((sum, n) => sum + n, 0) };
  }

  // --- files ------------------------------------------------------------------------------

  /** Saves, removals and deletes of one conversation run in call order, so the last checkpoint called is the one kept. */
  private inOrder<T>(id: string, job: () => Promise<T>): Promise<T> {
    return this.serial(`conversation:${id}`, job);
  }

  /** Runs jobs on one key (a file path) one after another, so two writes of a file never interleave. */
  private serial<T>(path: string, job: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(path) ?? Promise.resolve();
    const result = previous.then(job);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(path, settled);
    void settled.then(() => {
      if (this.queues.get(path) === settled) this.queues.delete(path);
    });
    return result;
  }

  /** An I/O call, retried once; a missing file passes through (callers decide what missing means). */
  private async io<T>(action: string, path: string, job: () => Promise<T>, missingIsError = false): Promise<T> {
    try {
      return await job();
    } catch (first) {
      if (isMissing(first) && !missingIsError) throw first;
      try {
        return await job();
      } catch (second) {
        if (isMissing(second) && !missingIsError) throw second;
        throw new HistoryIoError(action, this.relative(path), second);
      }
    }
  }

  private async readText(path: string): Promise<string | undefined> {
    return this.io('read', path, () => this.fs.readFile(path, 'utf8')).catch(missingAs(undefined));
  }

  private async listDir(path: string): Promise<string[] | undefined> {
    return this.io('list', path, () => this.fs.readdir(path)).catch(missingAs(undefined));
  }

  private async statOf(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    return this.io('inspect', path, () => this.fs.stat(path)).catch(missingAs(undefined));
  }

  private async sizeOf(path: string): Promise<number | undefined> {
    return (await this.statOf(path))?.size;
  }

  private async remove(path: string, recursive = false): Promise<void> {
    await this.io('remove', path, () => this.fs.rm(path, { recursive, force: true }));
  }

  private async ensureRoot(): Promise<void> {
    if (this.rootReady) return;
    await this.io('create', this.dir, () => this.fs.mkdir(this.dir, { recursive: true, mode: DIR_MODE }), true);
    // A folder made by an older version may be world-readable.
    await this.io('protect', this.dir, () => this.fs.chmod(this.dir, DIR_MODE), true);
    this.rootReady = true;
  }

  /** Atomic replace (atomicFile.ts), retried once like every other write. */
  private async replaceFile(path: string, text: string): Promise<void> {
    await this.io('write', path, () => replaceFileAtomically(this.fs, path, text, { file: FILE_MODE, dir: DIR_MODE }), true);
  }

  /** Keeps a file that does not parse under a new name, so it is neither lost nor read again. */
  private async setAside(path: string): Promise<void> {
    this.log.warn(`history: ${this.relative(path)} does not match the history schema; set aside as *.corrupt`);
    await this.fs.rename(path, `${path}.${this.now()}.corrupt`).catch(() => undefined);
  }

  private relative(path: string): string {
    return path.startsWith(this.dir + sep) ? path.slice(this.dir.length + 1) : path;
  }
}

export class HistoryCorrupt extends Error {
  constructor(readonly file: string) {
    super(`conversation file ${file} is damaged; it was set aside`);
  }
}

/** A file could not be read or written (EACCES, EIO, ENOSPC…): never taken for corruption. */
export class HistoryIoError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly action: string,
    readonly file: string,
    cause: unknown,
  ) {
    const code = errorCode(cause);
    super(`could not ${action} history file ${file}${code ? ` (${code})` : ''}`);
    this.code = code;
  }
}

function checkId(id: string): string {
  if (!isHistoryId(id)) throw new Error(`bad history id ${JSON.stringify(id)}`);
  return id;
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function missingAs<T>(value: T): (err: unknown) => T {
  return (err) => {
    if (isMissing(err)) return value;
    throw err;
  };
}

/** JSON, or undefined when the text is not JSON (history and its index files are read totally). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseMeta(text: string, id: string): Meta | undefined {
  const v = parseJson(text);
  if (!isObject(v) || v.id !== id || typeof v.title !== 'string' || typeof v.createdAt !== 'number' || typeof v.updatedAt !== 'number') return undefined;
  const sessions = v.sessions === undefined || v.sessions === null ? undefined : parseStringMap(v.sessions);
  if (sessions === undefined && v.sessions !== undefined && v.sessions !== null) return undefined;
  return { id, title: v.title, createdAt: v.createdAt, updatedAt: v.updatedAt, ...(sessions && Object.keys(sessions).length > 0 ? { sessions } : {}) };
}

/** A turn file, whole (every field of its type, the id its file name says) or undefined. */
function parseTurn(text: string, turnId: string): Turn | undefined {
  const turn = parseTurnValue(parseJson(text));
  return turn?.id === turnId ? turn : undefined;
}

/** Keys are ids, never inherited names: a prototype-less object. */
function emptyIndex(): Index {
  return Object.create(null) as Index;
}

/** index.json, whole: one entry that does not match the schema sets the file aside (list heals it from the folders). */
function parseIndex(text: string): Index | undefined {
  const v = parseJson(text);
  if (!isObject(v) || !isObject(v.conversations)) return undefined;
  const index = emptyIndex();
  for (const [id, value] of Object.entries(v.conversations)) {
    const entry = parseIndexEntry(value);
    if (!entry || entry.id !== id) return undefined;
    index[id] = entry;
  }
  return index;
}
