import type { HistoryEntry, HistoryLoad } from './history';
import { HistoryIndex, type HistoryIndexOptions, type IndexedHistory, type IndexView } from './historyIndex';
import { fold, snippet, toRaw, count } from './historyText';

export { MAX_TEXT_PER_CONVERSATION } from './historyIndex';

/** What the search needs from the store: HistoryStore fits; a test may wrap it to count loads. */
export interface SearchableHistory extends IndexedHistory {
  list(): Promise<Pick<HistoryLoad, 'conversations'>>;
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
  /** Aborting rejects the search with the signal's reason; conversations already read stay indexed. */
  signal?: AbortSignal;
}

const DEFAULT_LIMIT = 50;
/** Snippets made at once (each may read one index file). */
const SNIPPET_CONCURRENCY = 8;

/** A conversation that matched every word so far: occurrences, title words, and where the first match is (part -1: the title). */
interface Tally {
  words: number;
  matches: number;
  titleWords: number;
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
 * The text is found through a token index kept on disk and loaded on the first search
 * (historyIndex.ts): memory holds the postings, not the text; only the hits returned read their
 * text, for the snippet. Titles come from the history's entries. Without `dir` the index lives in
 * memory only. Follow the store with `noteChanged` so each write is indexed after it (debounced).
 */
export class HistorySearch {
  readonly index: HistoryIndex;

  constructor(
    private readonly history: SearchableHistory,
    options: HistoryIndexOptions = {},
  ) {
    this.index = new HistoryIndex(history, options);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const words = [...new Set(fold(query).text.split(/\s+/u).filter((w) => w.length > 0))];
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (words.length === 0 || limit <= 0) return [];
    const signal = options.signal;
    signal?.throwIfAborted();
    const view = await this.refresh(signal);
    const tallies = tally(view, words);
    const found: [number, Tally][] = [];
    tallies.forEach((t, e) => {
      if (t.words === words.length) found.push([e, t]);
    });
    const entries = view.entries;
    found.sort(([ea, a], [eb, b]) => b.titleWords - a.titleWords || b.matches - a.matches || entries[eb]!.updatedAt - entries[ea]!.updatedAt);
    const top = found.slice(0, limit);
    const hits: SearchHit[] = new Array(top.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < top.length) {
        const i = next++;
        const [e, t] = top[i]!;
        hits[i] = await this.hitOf(entries[e]!, t);
      }
    };
    await Promise.all(Array.from({ length: Math.min(SNIPPET_CONCURRENCY, top.length) }, worker));
    signal?.throwIfAborted();
    return hits;
  }

  /** Loads the index and reads every conversation it misses, so the next search reads none. */
  async warm(signal?: AbortSignal): Promise<void> {
    await this.refresh(signal);
  }

  /** Forgets one conversation's text; the next search reads it again. */
  invalidate(id: string): void {
    this.index.invalidate(id);
  }

  /** A conversation was written (entry) or deleted (undefined); HistoryStore.onDidChange calls this. */
  noteChanged(id: string, entry: HistoryEntry | undefined): void {
    this.index.noteChanged(id, entry);
  }

  /** Indexes pending changes now and waits for the index files to be written. */
  flush(): Promise<void> {
    return this.index.flush();
  }

  private async refresh(signal: AbortSignal | undefined): Promise<IndexView> {
    const [{ conversations }] = await Promise.all([this.history.list(), this.index.load()]);
    signal?.throwIfAborted();
    return this.index.view(conversations, signal);
  }

  private async hitOf(entry: HistoryEntry, { matches, part, at: at0 }: Tally): Promise<SearchHit> {
    if (part >= 0) {
      const found = await this.index.part(entry, part);
      if (found) {
        const { text, field, turnId } = found;
        return { entry, snippet: snippet(text, toRaw(fold(text), at0, text.length)), field, turnId, matches };
      }
    }
    // A title hit; or (rarely) the conversation changed since the index was read and the part is gone: its title then.
    const at = part < 0 ? toRaw(fold(entry.title), at0, entry.title.length) : 0;
    return { entry, snippet: snippet(entry.title, at), field: 'title', matches };
  }
}

/** For each entry of the view: how the query's words occur in it (titles here, text through the postings). */
function tally(view: IndexView, words: readonly string[]): Tally[] {
  const tallies: Tally[] = view.entries.map(() => ({ words: 0, matches: 0, titleWords: 0, part: Infinity, at: Infinity }));
  const titles = view.entries.map((e) => fold(e.title).text);
  const seen = new Int32Array(tallies.length).fill(-1);
  words.forEach((word, w) => {
    const add = (e: number, occurrences: number, part: number, at: number) => {
      const t = tallies[e]!;
      if (t.words < w) return; // missed an earlier word: no longer a hit
      if (seen[e] !== w) [seen[e], t.words] = [w, t.words + 1];
      t.matches += occurrences;
      if (part < t.part || (part === t.part && at < t.at)) [t.part, t.at] = [part, at];
    };
    titles.forEach((title, e) => {
      const inTitle = count(title, word);
      if (inTitle.count === 0) return;
      tallies[e]!.titleWords++;
      add(e, inTitle.count, -1, inTitle.first);
    });
    const base = view.base;
    base?.postings.forEachMatch(word, (conv, occurrences, part, at) => {
      const e = base.toEntry[conv]!;
      if (e >= 0) add(e, occurrences, part, at);
    });
    for (const own of view.own) own.postings.forEachMatch(word, (_, occurrences, part, at) => add(own.entry, occurrences, part, at));
  });
  return tallies;
}
