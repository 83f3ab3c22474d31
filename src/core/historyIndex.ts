import { join } from 'node:path';
import { replaceFileAtomically } from './atomicFile';
import type { Conversation } from './conversation';
import { HistoryCorrupt, HistoryIoError, NODE_FS, type HistoryEntry, type HistoryFs } from './history';
import { BASE_FILE, DOC_FILE, docFile, encodeBase, encodeDoc, parseBase, parseDoc, type BaseIndex, type IndexedDoc } from './historyIndexFiles';
import { PostingsBuilder, termsOf, type DocPart, type Postings, type Term } from './historyPostings';

/** What the index reads from the history: HistoryStore fits; a test may wrap it to count loads. */
export interface IndexedHistory {
  load(id: string): Promise<Conversation | undefined>;
}

export interface HistoryIndexOptions {
  /** Where the index is kept; without it, it lives in memory only. */
  dir?: string;
  /** One line for each damaged index file rebuilt and each index write that failed. */
  log?: (line: string) => void;
  /** How long a conversation must be quiet before a change to it is indexed (default INDEX_DELAY_MS). */
  delayMs?: number;
  /** Own tables are merged into the shared one once this many conversations have one (default MERGE_AFTER). */
  mergeAfter?: number;
  fs?: Partial<HistoryFs>;
}

/** The conversations of one search and where each one's postings are. */
export interface IndexView {
  /** The listed conversations whose text could be read; hits refer to them by position. */
  entries: HistoryEntry[];
  /** The shared table, its row conversation c being entries[toEntry[c]] (-1: not one of them). */
  base?: { postings: Postings; toEntry: Int32Array };
  /** Conversations with a table of their own (changed since the shared one was written). */
  own: { entry: number; postings: Postings }[];
}

/** Characters of question and answer text kept per conversation; the rest of a longer one is not searched. */
export const MAX_TEXT_PER_CONVERSATION = 1_000_000;
/**
 * A change is indexed once its conversation has been quiet this long: longer than the 2 s between
 * checkpoints of a streaming answer (chatSession.ts), so an answer is indexed once, after it ends.
 */
export const INDEX_DELAY_MS = 5_000;
/** Conversations read at once when the index misses some. */
const LOAD_CONCURRENCY = 8;
/** Own tables merged into the shared one (and written) once this many conversations have one. */
const MERGE_AFTER = 16;
/** Characters of question and answer text kept in memory for snippets, most recently used first. */
const PART_CACHE_CHARS = 2_000_000;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export const keyOf = (e: HistoryEntry): string => `${e.updatedAt}:${e.turns}:${e.bytes}`;

/**
 * The full-text index of saved conversations, kept on disk and loaded on the first search.
 *
 * On disk (historyIndexFiles.ts): each conversation's searchable text in `<id>.json`, stamped with
 * its history entry's key (updatedAt, turns, bytes), written after each change to it (debounced,
 * atomic, off the streaming path); and `postings.base.json`, the postings of all conversations as of its
 * last merge. In memory: that table, plus a small table for each conversation changed since,
 * and a bounded cache of the text snippets are cut from; not the text itself.
 *
 * A search hands in the listed entries; a conversation whose key no table has (changed in another
 * window, or written just before a crash) is read again, from its `<id>.json` when that carries the
 * key, else from the history. Damaged index files are logged and rebuilt; the history is the truth.
 */
export class HistoryIndex {
  private readonly fs: HistoryFs;
  private readonly dir: string | undefined;
  private readonly log: (line: string) => void;
  private readonly delayMs: number;
  private readonly mergeAfter: number;
  private base: (BaseIndex & { rowOf: Map<string, number> }) | undefined;
  private baseRead: Promise<void> | undefined;
  /** The shared table is missing or damaged: the next search writes one. */
  private baseWanted = false;
  private readonly own = new Map<string, { key: string; postings: Postings }>();
  /** Conversations whose rows in the shared table no longer count (invalidated), until read again. */
  private readonly forgotten = new Set<string>();
  private readonly parts = new PartCache(PART_CACHE_CHARS);
  private readonly pending = new Map<string, { entry: HistoryEntry | undefined; timer: ReturnType<typeof setTimeout> }>();
  private readonly chains = new Map<string, Promise<void>>();
  /** The keys the last search saw: what a merge keeps (before any search: the shared table's). */
  private listed: Map<string, string> | undefined;
  private merging: Promise<void> = Promise.resolve();
  private mergeQueued = false;

  constructor(
    private readonly history: IndexedHistory,
    options: HistoryIndexOptions = {},
  ) {
    this.fs = { ...NODE_FS, ...options.fs };
    this.dir = options.dir;
    this.log = options.log ?? (() => undefined);
    this.delayMs = options.delayMs ?? INDEX_DELAY_MS;
    this.mergeAfter = options.mergeAfter ?? MERGE_AFTER;
  }

  /**
   * A conversation was written (entry): indexed once it has been quiet for a while. Or deleted
   * (undefined): its text and words leave the index now (its file, and the shared table rewritten).
   */
  noteChanged(id: string, entry: HistoryEntry | undefined): void {
    clearTimeout(this.pending.get(id)?.timer);
    if (!entry) {
      this.pending.delete(id);
      void this.chain(id, () => this.indexNow(id, undefined));
      return;
    }
    const timer = setTimeout(() => void this.runPending(id), this.delayMs);
    timer.unref?.();
    this.pending.set(id, { entry, timer });
  }

  /** Indexes every pending change now and waits for the index writes (tests, and when the extension stops). */
  async flush(): Promise<void> {
    // A write may start a merge and a merge removes files: until nothing is left (bounded, as each round drains).
    for (let round = 0; round < 8; round++) {
      await Promise.all([...this.pending.keys()].map((id) => this.runPending(id)));
      await Promise.all(this.chains.values());
      const merging = this.merging;
      await merging;
      if (this.pending.size === 0 && this.chains.size === 0 && merging === this.merging) return;
    }
  }

  /** Forgets what the index holds for one conversation; the next search reads it again from the history. */
  invalidate(id: string): void {
    this.own.delete(id);
    this.forgotten.add(id);
    if (this.dir) void this.chain(id, () => this.remove(join(this.dir!, docFile(id))));
  }

  /** Reads the shared table from disk, once (a search may start this while it lists the history). */
  async load(): Promise<void> {
    await (this.baseRead ??= this.readBase());
  }

  /** The tables for these entries, reading what the index misses; unreadable conversations are left out. */
  async view(entries: readonly HistoryEntry[], signal?: AbortSignal): Promise<IndexView> {
    await this.load();
    signal?.throwIfAborted();
    this.listed = new Map(entries.map((e) => [e.id, keyOf(e)]));
    const stale = entries.filter((e) => !this.holds(e));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < stale.length) {
        signal?.throwIfAborted();
        const entry = stale[next++]!;
        const doc = await this.readDoc(entry, true);
        if (doc) this.adopt(doc);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOAD_CONCURRENCY, stale.length) }, worker));
    signal?.throwIfAborted();
    const view = this.viewOf(entries);
    if (this.own.size >= this.mergeAfter || (this.baseWanted && this.own.size > 0)) this.mergeSoon();
    return view;
  }

  /** The text of one part of a conversation, for a snippet; undefined when it can no longer be read. */
  async part(entry: HistoryEntry, part: number): Promise<DocPart | undefined> {
    const key = keyOf(entry);
    const cached = this.parts.get(entry.id, key, part);
    if (cached) return cached;
    const doc = await this.readDoc(entry, false);
    const found = doc?.parts[part];
    if (doc && found) this.parts.put(doc.id, doc.key, part, found);
    return found;
  }

  /** Every row the index holds for these entries, sorted: what a test compares between two indexes. */
  async describe(entries: readonly HistoryEntry[]): Promise<Record<string, string[]>> {
    const view = await this.view(entries);
    const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const e of view.entries) out[e.id] = [];
    const row = (token: string, t: Term) => `${token} ${t.count} ${t.part} ${t.pos}`;
    view.base?.postings.forEachRow((token, conv, t) => {
      const e = view.base!.toEntry[conv]!;
      if (e >= 0) out[view.entries[e]!.id]!.push(row(token, t));
    });
    for (const own of view.own) own.postings.forEachRow((token, _, t) => out[view.entries[own.entry]!.id]!.push(row(token, t)));
    for (const rows of Object.values(out)) rows.sort();
    return out;
  }

  private holds(entry: HistoryEntry): boolean {
    return this.own.get(entry.id)?.key === keyOf(entry) || this.baseRow(entry.id, keyOf(entry)) !== undefined;
  }

  /** The conversation's row in the shared table, when that has it at this key. */
  private baseRow(id: string, key: string): number | undefined {
    const row = this.base?.rowOf.get(id);
    return row !== undefined && this.base!.conversations[row]!.key === key && !this.forgotten.has(id) ? row : undefined;
  }

  private viewOf(entries: readonly HistoryEntry[]): IndexView {
    const view: IndexView = { entries: [], own: [] };
    const toEntry = this.base ? new Int32Array(this.base.conversations.length).fill(-1) : undefined;
    for (const entry of entries) {
      const key = keyOf(entry);
      const row = this.baseRow(entry.id, key);
      const own = this.own.get(entry.id);
      if (own?.key === key) view.own.push({ entry: view.entries.length, postings: own.postings });
      else if (row !== undefined) toEntry![row] = view.entries.length;
      else continue;
      view.entries.push(entry);
    }
    if (this.base && toEntry) view.base = { postings: this.base.postings, toEntry };
    return view;
  }

  /** A conversation's text, from its index file when that is current, else from the history (and then written to the index). */
  private async readDoc(entry: HistoryEntry, cacheParts: boolean): Promise<IndexedDoc | undefined> {
    const key = keyOf(entry);
    const stored = await this.readStoredDoc(entry.id);
    let doc = stored?.key === key ? stored : undefined;
    if (!doc) {
      const conversation = await this.history.load(entry.id).catch((err: unknown) => {
        // Damaged (set aside by the store) or unreadable for now: left out, not fatal.
        if (err instanceof HistoryCorrupt || err instanceof HistoryIoError) return undefined;
        throw err;
      });
      if (!conversation) return undefined;
      doc = docOf(conversation, key);
      if (this.dir) void this.chain(entry.id, () => this.writeDoc(doc!));
    }
    if (cacheParts) doc.parts.forEach((p, i) => this.parts.put(doc!.id, doc!.key, i, p));
    return doc;
  }

  private adopt(doc: IndexedDoc): void {
    const builder = new PostingsBuilder();
    builder.addTerms(0, termsOf(doc.parts));
    this.own.set(doc.id, { key: doc.key, postings: builder.build() });
    this.forgotten.delete(doc.id);
  }

  private async runPending(id: string): Promise<void> {
    const job = this.pending.get(id);
    if (!job) return;
    clearTimeout(job.timer);
    this.pending.delete(id);
    await this.chain(id, () => this.indexNow(id, job.entry));
  }

  /** After a write to the history: the conversation's index file, and its table when the index is loaded. */
  private async indexNow(id: string, entry: HistoryEntry | undefined): Promise<void> {
    if (!entry) {
      this.own.delete(id);
      this.listed?.delete(id);
      this.forgotten.add(id);
      if (!this.dir) return;
      await this.remove(join(this.dir, docFile(id)));
      await (this.baseRead ??= this.readBase());
      if (this.base?.rowOf.has(id)) this.mergeSoon();
      return;
    }
    if (!this.dir && !this.baseRead) return;
    const conversation = await this.history.load(id).catch((err: unknown) => {
      this.log(`search index: could not read conversation ${id}: ${String(err)}`);
      return undefined;
    });
    if (!conversation) return;
    const doc = docOf(conversation, keyOf(entry));
    if (this.dir) await this.writeDoc(doc);
    if (this.baseRead) {
      this.adopt(doc);
      if (this.own.size >= this.mergeAfter) this.mergeSoon();
    }
  }

  /** Jobs on one conversation's index file run one after another. */
  private chain(id: string, job: () => Promise<void>): Promise<void> {
    const run = (this.chains.get(id) ?? Promise.resolve()).then(job).catch((err: unknown) => this.log(`search index: ${String(err)}`));
    this.chains.set(id, run);
    void run.then(() => {
      if (this.chains.get(id) === run) this.chains.delete(id);
    });
    return run;
  }

  private async readBase(): Promise<void> {
    if (!this.dir) return;
    const text = await this.readText(BASE_FILE);
    const base = text === undefined ? undefined : parseBase(text);
    if (text !== undefined && !base) this.log(`search index ${BASE_FILE} is damaged; rebuilding it`);
    this.baseWanted = !base;
    if (base) this.base = { ...base, rowOf: new Map(base.conversations.map((c, row) => [c.id, row])) };
  }

  private async readStoredDoc(id: string): Promise<IndexedDoc | undefined> {
    if (!this.dir) return undefined;
    const text = await this.readText(docFile(id));
    if (text === undefined) return undefined;
    const doc = parseDoc(text, id);
    if (!doc) this.log(`search index ${docFile(id)} is damaged; indexing that conversation again`);
    return doc;
  }

  /** Merges the own tables of listed conversations into the shared one, then writes it; after the current search. */
  private mergeSoon(): void {
    if (this.mergeQueued) return;
    this.mergeQueued = true;
    this.merging = this.merging.then(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      this.mergeQueued = false;
      const base = this.merged();
      this.base = base;
      this.baseWanted = false;
      if (!this.dir) return;
      await this.replace(BASE_FILE, encodeBase(base)).catch((err: unknown) => this.log(`search index: could not write ${BASE_FILE}: ${String(err)}`));
      await this.removeOrphans();
    });
  }

  /** One table of the current rows of the conversations last listed or indexed since; everything else is dropped. */
  private merged(): BaseIndex & { rowOf: Map<string, number> } {
    const builder = new PostingsBuilder();
    const conversations: { id: string; key: string }[] = [];
    const fromBase = this.base ? new Int32Array(this.base.conversations.length).fill(-1) : undefined;
    const wanted = new Map(this.listed ?? this.base?.conversations.map((c) => [c.id, c.key]));
    // A conversation indexed since the last search is newer than its listed key.
    for (const [id, own] of this.own) wanted.set(id, own.key);
    for (const [id, key] of wanted) {
      const own = this.own.get(id);
      const row = this.baseRow(id, key);
      if (own?.key === key) {
        own.postings.forEachRow((token, _, term) => builder.add(token, conversations.length, term));
        this.own.delete(id);
      } else if (row !== undefined) {
        fromBase![row] = conversations.length;
      } else {
        continue;
      }
      conversations.push({ id, key });
    }
    if (fromBase) {
      this.base!.postings.forEachRow((token, conv, term) => {
        if (fromBase[conv]! >= 0) builder.add(token, fromBase[conv]!, term);
      });
    }
    return { conversations, postings: builder.build(), rowOf: new Map(conversations.map((c, row) => [c.id, row])) };
  }

  /** Index files of conversations no longer listed, held or being indexed (deleted in another window); only once a search listed them. */
  private async removeOrphans(): Promise<void> {
    if (!this.listed) return;
    const names = await this.fs.readdir(this.dir!).catch(() => [] as string[]);
    const held = (id: string) => this.listed?.has(id) || this.own.has(id) || this.base?.rowOf.has(id) || this.pending.has(id) || this.chains.has(id);
    for (const name of names) {
      const id = DOC_FILE.exec(name)?.[1];
      if (id !== undefined && !held(id)) await this.chain(id, () => this.remove(join(this.dir!, name)));
    }
  }

  private async writeDoc(doc: IndexedDoc): Promise<void> {
    await this.replace(docFile(doc.id), encodeDoc(doc));
  }

  private async replace(name: string, text: string): Promise<void> {
    await replaceFileAtomically(this.fs, join(this.dir!, name), text, { file: FILE_MODE, dir: DIR_MODE });
  }

  private async remove(path: string): Promise<void> {
    await this.fs.rm(path, { force: true });
  }

  /** Undefined when missing; an unreadable file counts as missing (logged): the index is rebuilt from the history. */
  private async readText(name: string): Promise<string | undefined> {
    try {
      return await this.fs.readFile(join(this.dir!, name), 'utf8');
    } catch (err) {
      if ((err as { code?: unknown } | null)?.code !== 'ENOENT') this.log(`search index: could not read ${name}: ${String(err)}`);
      return undefined;
    }
  }
}

/** The searchable parts of a conversation: each turn's question as the user saw it, then its answer, up to the cap. */
export function docOf(conversation: Conversation, key: string): IndexedDoc {
  const parts: DocPart[] = [];
  let size = 0;
  for (const turn of conversation.turns) {
    for (const [field, text] of [['question', turn.questionLabel ?? turn.question], ['answer', turn.answer]] as const) {
      if (size >= MAX_TEXT_PER_CONVERSATION) break;
      const kept = text.slice(0, MAX_TEXT_PER_CONVERSATION - size);
      parts.push({ field, turnId: turn.id, text: kept });
      size += kept.length;
    }
  }
  return { id: conversation.id, key, parts };
}

/** Parts of conversations by (id, key, part), least recently used dropped first past a character budget. */
class PartCache {
  private readonly parts = new Map<string, DocPart>();
  private chars = 0;

  constructor(private readonly budget: number) {}

  get(id: string, key: string, part: number): DocPart | undefined {
    const name = `${id}\n${key}\n${part}`;
    const found = this.parts.get(name);
    if (found) {
      this.parts.delete(name);
      this.parts.set(name, found);
    }
    return found;
  }

  put(id: string, key: string, part: number, value: DocPart): void {
    const name = `${id}\n${key}\n${part}`;
    if (this.parts.has(name) || value.text.length > this.budget) return;
    this.parts.set(name, value);
    this.chars += value.text.length;
    for (const [oldest, old] of this.parts) {
      if (this.chars <= this.budget) break;
      this.parts.delete(oldest);
      this.chars -= old.text.length;
    }
  }
}
