import type { Conversation } from './conversation';
import { HistoryCorrupt, HistoryIoError, type HistoryEntry, type HistoryLoad } from './history';

/** What the search needs from the store: HistoryStore fits; a test may wrap it to count loads. */
export interface SearchableHistory {
  list(): Promise<Pick<HistoryLoad, 'conversations'>>;
  load(id: string): Promise<Conversation | undefined>;
}

export interface SearchHit {
  entry: HistoryEntry;
  /** About 80 characters of the field around the first match, whitespace collapsed, `…` where cut. */
  snippet: string;
  field: 'title' | 'question' | 'answer';
  /** The turn the snippet comes from; absent for a title hit. */
  turnId?: string;
  /** Occurrences of all the query's words in the conversation, title included. */
  matches: number;
}

export interface SearchOptions {
  /** At most this many hits (default 50). */
  limit?: number;
  /** Aborting rejects the search with the signal's reason; conversations already read stay cached. */
  signal?: AbortSignal;
}

/** Characters of question and answer text kept per conversation; the rest of a longer one is not searched. */
export const MAX_TEXT_PER_CONVERSATION = 1_000_000;
/** Conversations read at once when filling the cache. */
const LOAD_CONCURRENCY = 8;
const DEFAULT_LIMIT = 50;
const SNIPPET_CHARS = 80;
/** Characters of context kept before the match, when the snippet has to be cut. */
const SNIPPET_BEFORE = 25;

type Field = 'question' | 'answer';

/** One question or answer: folded for matching; the original is in the conversation's `raw`. */
interface Part {
  field: Field;
  turnId: string;
  folded: Folded;
}

/** One conversation's searchable text. */
interface Doc {
  /** updatedAt, turns and bytes of the index entry it was read for; any change means reading it again. */
  key: string;
  parts: Part[];
  /**
   * The parts as written, one after another in UTF-8, part i from byte rawStarts[i] to
   * rawStarts[i + 1]: a byte a character for most text, and decoded only for the snippets shown.
   */
  raw: Buffer;
  rawStarts: number[];
}

/** A conversation that matched, before its snippet is made (only the hits returned get one). */
interface Candidate {
  entry: HistoryEntry;
  doc: Doc;
  matches: number;
  titleWords: number;
  /** Where the first match is: the title (part -1) or a part, and where in its folded text. */
  part: number;
  at: number;
}

/**
 * Full-text search over saved conversations (title, questions, answers), in plain Node.
 *
 * A query is split into words; a conversation is a hit when every word occurs in it (title or any
 * turn), compared case-insensitively after Unicode compatibility folding, ignoring accents ("cafe"
 * finds "Café"). Words match anywhere, also inside longer words. Hits whose title holds query words
 * come first, then those with more matches, then the most recently updated.
 *
 * Memory: each conversation's text is read once and kept, keyed by id and checked against its index
 * entry (updatedAt, turns, bytes), so a later search reads only the index, plus the conversations
 * that changed. A conversation keeps at most MAX_TEXT_PER_CONVERSATION characters (earliest turns
 * first). The cache holds that text twice: folded, as strings (one byte a character unless a part
 * has characters beyond Latin-1, such as an emoji or CJK, then two), and as written, in UTF-8 outside
 * the JS heap; so 2-4 bytes per character of history (about 65 MB for 1,000 conversations with
 * 25 MB of answers, see test/bench/history-bench.ts). Entries of deleted conversations are dropped
 * at the next search.
 */
export class HistorySearch {
  private readonly cache = new Map<string, Doc>();
  private readonly pending = new Map<string, { key: string; doc: Promise<Doc | undefined> }>();

  constructor(private readonly history: SearchableHistory) {}

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const words = [...new Set(fold(query).text.split(/\s+/u).filter((w) => w.length > 0))];
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (words.length === 0 || limit <= 0) return [];
    const signal = options.signal;
    signal?.throwIfAborted();
    const docs = await this.refresh(signal);
    const found: Candidate[] = [];
    for (const [entry, doc] of docs) {
      const candidate = match(entry, doc, words);
      if (candidate) found.push(candidate);
    }
    signal?.throwIfAborted();
    found.sort((a, b) => b.titleWords - a.titleWords || b.matches - a.matches || b.entry.updatedAt - a.entry.updatedAt);
    return found.slice(0, limit).map(hitOf);
  }

  /** Reads every conversation not cached yet (or changed), so the next search reads none. */
  async warm(signal?: AbortSignal): Promise<void> {
    await this.refresh(signal);
  }

  /** Forgets one conversation's text; the next search reads it again. */
  invalidate(id: string): void {
    this.cache.delete(id);
    this.pending.delete(id);
  }

  /** The listed conversations with their text; those that could not be read are left out. */
  private async refresh(signal: AbortSignal | undefined): Promise<[HistoryEntry, Doc][]> {
    const { conversations } = await this.history.list();
    signal?.throwIfAborted();
    const listed = new Set(conversations.map((e) => e.id));
    for (const id of this.cache.keys()) if (!listed.has(id)) this.cache.delete(id);
    for (const id of this.pending.keys()) if (!listed.has(id)) this.pending.delete(id);

    const stale = conversations.filter((e) => this.cache.get(e.id)?.key !== keyOf(e));
    // What this search read, even if invalidated since (then the next search reads it again).
    const read = new Map<string, Doc>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < stale.length) {
        signal?.throwIfAborted();
        const entry = stale[next++]!;
        const doc = await this.read(entry);
        if (doc) read.set(entry.id, doc);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOAD_CONCURRENCY, stale.length) }, worker));
    signal?.throwIfAborted();

    const out: [HistoryEntry, Doc][] = [];
    for (const entry of conversations) {
      const doc = read.get(entry.id) ?? this.cache.get(entry.id);
      if (doc?.key === keyOf(entry)) out.push([entry, doc]);
    }
    return out;
  }

  /** Loads one conversation into the cache; a search running at the same time shares the read. */
  private read(entry: HistoryEntry): Promise<Doc | undefined> {
    const key = keyOf(entry);
    const running = this.pending.get(entry.id);
    if (running?.key === key) return running.doc;
    const doc = this.history.load(entry.id).then(
      (conversation) => (conversation ? docOf(conversation, key) : undefined),
      (err: unknown) => {
        // Damaged (set aside by the store) or unreadable for now: left out of this search, not fatal.
        if (err instanceof HistoryCorrupt || err instanceof HistoryIoError) return undefined;
        throw err;
      },
    );
    const job = { key, doc };
    this.pending.set(entry.id, job);
    return doc.then(
      (d) => {
        // Not kept when invalidated (or read again) meanwhile: this copy may be older.
        if (this.pending.get(entry.id) === job) {
          this.pending.delete(entry.id);
          if (d) this.cache.set(entry.id, d);
        }
        return d;
      },
      (err: unknown) => {
        if (this.pending.get(entry.id) === job) this.pending.delete(entry.id);
        throw err;
      },
    );
  }
}

const keyOf = (e: HistoryEntry): string => `${e.updatedAt}:${e.turns}:${e.bytes}`;

function docOf(conversation: Conversation, key: string): Doc {
  const parts: Part[] = [];
  const texts: string[] = [];
  let size = 0;
  for (const turn of conversation.turns) {
    // What the user saw as the question (a selection ask sends more than it shows).
    for (const [field, text] of [['question', turn.questionLabel ?? turn.question], ['answer', turn.answer]] as const) {
      if (size >= MAX_TEXT_PER_CONVERSATION) break;
      const kept = text.slice(0, MAX_TEXT_PER_CONVERSATION - size);
      parts.push({ field, turnId: turn.id, folded: fold(kept) });
      texts.push(kept);
      size += kept.length;
    }
  }
  const rawStarts = [0];
  for (const text of texts) rawStarts.push(rawStarts[rawStarts.length - 1]! + Buffer.byteLength(text));
  return { key, parts, raw: Buffer.from(texts.join(''), 'utf8'), rawStarts };
}

/** The conversation as a candidate, or undefined when some word occurs nowhere in it. */
function match(entry: HistoryEntry, doc: Doc, words: readonly string[]): Candidate | undefined {
  const title = fold(entry.title).text;
  let matches = 0;
  let titleWords = 0;
  // The first match: in the title if any, else in the earliest part.
  let part = Infinity;
  let at = Infinity;
  for (const word of words) {
    let found = false;
    const inTitle = count(title, word);
    if (inTitle.count > 0) {
      found = true;
      titleWords++;
      matches += inTitle.count;
      if (part > -1 || inTitle.first < at) [part, at] = [-1, inTitle.first];
    }
    for (let i = 0; i < doc.parts.length; i++) {
      const inPart = count(doc.parts[i]!.folded.text, word);
      if (inPart.count === 0) continue;
      found = true;
      matches += inPart.count;
      if (i < part || (i === part && inPart.first < at)) [part, at] = [i, inPart.first];
    }
    if (!found) return undefined;
  }
  return { entry, doc, matches, titleWords, part, at };
}

function hitOf({ entry, doc, matches, part, at }: Candidate): SearchHit {
  if (part < 0) return { entry, snippet: snippet(entry.title, toRaw(fold(entry.title), at, entry.title.length)), field: 'title', matches };
  const { field, turnId, folded } = doc.parts[part]!;
  const text = doc.raw.toString('utf8', doc.rawStarts[part], doc.rawStarts[part + 1]);
  return { entry, snippet: snippet(text, toRaw(folded, at, text.length)), field, turnId, matches };
}

function count(text: string, word: string): { count: number; first: number } {
  const first = text.indexOf(word);
  if (first < 0) return { count: 0, first };
  let n = 1;
  for (let at = text.indexOf(word, first + word.length); at >= 0; at = text.indexOf(word, at + word.length)) n++;
  return { count: n, first };
}

/** About SNIPPET_CHARS of text from a little before position `at`, whitespace collapsed, cut at spaces where it can be. */
function snippet(text: string, at: number): string {
  // Enough text on each side that collapsing whitespace still leaves a full snippet.
  const from = Math.max(0, at - SNIPPET_CHARS * 2);
  const to = Math.min(text.length, at + SNIPPET_CHARS * 4);
  let before = collapse(text.slice(from, at));
  let after = collapse(text.slice(at, to));
  let cutBefore = from > 0;
  let cutAfter = to < text.length;
  // More context before the match when it sits near the end of its field.
  const keepBefore = Math.max(SNIPPET_BEFORE, SNIPPET_CHARS - after.length);
  if (before.length > keepBefore) {
    before = before.slice(before.length - keepBefore);
    cutBefore = true;
  }
  if (cutBefore) {
    const space = before.indexOf(' ');
    if (space >= 0) before = before.slice(space + 1);
  }
  const keepAfter = Math.max(SNIPPET_CHARS - before.length, 1);
  if (after.length > keepAfter) {
    after = after.slice(0, keepAfter);
    const space = after.lastIndexOf(' ');
    if (space > keepAfter / 2) after = after.slice(0, space);
    cutAfter = true;
  }
  return `${cutBefore ? '…' : ''}${(before + after).trim()}${cutAfter ? '…' : ''}`;
}

const collapse = (text: string): string => text.replace(/\s+/gu, ' ');

// --- folding -------------------------------------------------------------------------------

/**
 * Text folded for comparison, with what maps its positions back to the original: after the
 * position anchors[2k] in `text`, the original runs in step from anchors[2k+1]. Absent when the
 * two run in step throughout (the usual case: ASCII, and most accented or non-Latin letters).
 */
interface Folded {
  text: string;
  anchors?: number[];
}

const NON_ASCII = /[^\0-\x7f]+/gu;
const DIACRITICS = /[\u0300-\u036f]/gu;
/** Typographic quotes and dashes compare as their ASCII forms ("don't" finds "don’t"), one character for one. */
const PUNCTUATION: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
};
const foldedChars = new Map<string, string>();

/** Compatibility forms (NFKC), lower case, Latin/Greek/Cyrillic accents removed, typographic quotes and dashes as ASCII. */
function foldChar(ch: string): string {
  let folded = foldedChars.get(ch);
  if (folded === undefined) {
    folded = PUNCTUATION[ch] ?? ch.normalize('NFKD').replace(DIACRITICS, '').normalize('NFC').toLowerCase();
    if (foldedChars.size < 4096) foldedChars.set(ch, folded);
  }
  return folded;
}

/** Folds ASCII runs with toLowerCase (same length), and other characters one by one. */
function fold(raw: string): Folded {
  NON_ASCII.lastIndex = 0;
  if (!NON_ASCII.test(raw)) return { text: raw.toLowerCase() };
  const parts: string[] = [];
  const anchors: number[] = [];
  let out = 0;
  let last = 0;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(raw); m; m = NON_ASCII.exec(raw)) {
    const ascii = raw.slice(last, m.index).toLowerCase();
    parts.push(ascii);
    out += ascii.length;
    let at = m.index;
    for (const ch of m[0]) {
      const folded = foldChar(ch);
      parts.push(folded);
      out += folded.length;
      at += ch.length;
      if (folded.length !== ch.length) anchors.push(out, at);
    }
    last = at;
  }
  parts.push(raw.slice(last).toLowerCase());
  return anchors.length > 0 ? { text: parts.join(''), anchors } : { text: parts.join('') };
}

/** The position in the original text of position `at` of its folded text. */
function toRaw(folded: Folded, at: number, rawLength: number): number {
  const anchors = folded.anchors;
  if (!anchors) return Math.min(at, rawLength);
  let lo = -1;
  let hi = anchors.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (anchors[mid * 2]! <= at) lo = mid;
    else hi = mid - 1;
  }
  const fromText = lo < 0 ? 0 : anchors[lo * 2]!;
  const fromRaw = lo < 0 ? 0 : anchors[lo * 2 + 1]!;
  const limit = lo + 1 < anchors.length / 2 ? anchors[(lo + 1) * 2 + 1]! : rawLength;
  return Math.min(fromRaw + (at - fromText), limit, rawLength);
}
