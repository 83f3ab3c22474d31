import { count, fold } from './historyText';

/** One searchable part of a conversation: a question (as the user saw it) or an answer. */
export interface DocPart {
  field: 'question' | 'answer';
  turnId: string;
  text: string;
}

/** Where and how often one token occurs in one conversation's folded text. */
export interface Term {
  /** Occurrences in all parts. */
  count: number;
  /** The first occurrence: its part, and its position in that part's folded text. */
  part: number;
  pos: number;
}

/**
 * The distinct tokens (maximal runs of non-whitespace) of the folded parts. A query word holds no
 * whitespace, so every occurrence of it lies inside one token: the tokens that contain a word,
 * weighted by their counts, give exactly the occurrences a scan of the whole text would find.
 */
export function termsOf(parts: readonly DocPart[]): Map<string, Term> {
  const terms = new Map<string, Term>();
  const token = /\S+/gu;
  parts.forEach((part, index) => {
    const folded = fold(part.text).text;
    token.lastIndex = 0;
    for (let m = token.exec(folded); m; m = token.exec(folded)) {
      const term = terms.get(m[0]);
      if (term) term.count++;
      else terms.set(m[0], { count: 1, part: index, pos: m.index });
    }
  });
  return terms;
}

/** The columns a postings table is stored as; numbers are small non-negative integers. */
export interface PostingsColumns {
  /** The tokens, each followed by "\n" (tokens hold no whitespace). */
  vocab: string;
  /** Token k's postings are rows starts[k] to starts[k + 1]. */
  starts: Uint32Array;
  conv: Uint32Array;
  count: Uint32Array;
  part: Uint32Array;
  pos: Uint32Array;
}

/**
 * Token -> conversations, packed in typed arrays and one string, so a thousand conversations take
 * a few megabytes and no object per token. A word is looked up by scanning the vocabulary string
 * (words match inside tokens, as they match inside words in the text).
 */
export class Postings {
  /** Where token k starts in the vocabulary; one more entry for the end. */
  private readonly tokenStarts: Uint32Array;

  constructor(readonly columns: PostingsColumns) {
    const { vocab, starts } = columns;
    this.tokenStarts = new Uint32Array(starts.length);
    let k = 1;
    for (let at = vocab.indexOf('\n'); at >= 0; at = vocab.indexOf('\n', at + 1)) this.tokenStarts[k++] = at + 1;
  }

  get tokens(): number {
    return this.columns.starts.length - 1;
  }

  /** Calls visit once for each conversation row of each token that holds `word`, with the word's occurrences and first position. */
  forEachMatch(word: string, visit: (conv: number, occurrences: number, part: number, pos: number) => void): void {
    const { vocab, starts, conv, count: counts, part, pos } = this.columns;
    for (let at = vocab.indexOf(word); at >= 0; ) {
      const k = this.tokenAt(at);
      const token = vocab.slice(this.tokenStarts[k]!, this.tokenStarts[k + 1]! - 1);
      const inToken = count(token, word);
      for (let row = starts[k]!; row < starts[k + 1]!; row++) visit(conv[row]!, inToken.count * counts[row]!, part[row]!, pos[row]! + inToken.first);
      at = vocab.indexOf(word, this.tokenStarts[k + 1]!);
    }
  }

  /** Every row, token by token: for merging tables and for comparing them in tests. */
  forEachRow(visit: (token: string, conv: number, term: Term) => void): void {
    const { vocab, starts, conv, count: counts, part, pos } = this.columns;
    for (let k = 0; k < this.tokens; k++) {
      const token = vocab.slice(this.tokenStarts[k]!, this.tokenStarts[k + 1]! - 1);
      for (let row = starts[k]!; row < starts[k + 1]!; row++) visit(token, conv[row]!, { count: counts[row]!, part: part[row]!, pos: pos[row]! });
    }
  }

  /** The token whose text holds vocabulary position `at`. */
  private tokenAt(at: number): number {
    let lo = 0;
    let hi = this.tokens - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.tokenStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Collects rows in any order, then packs them. */
export class PostingsBuilder {
  private readonly rows = new Map<string, number[]>();
  private size = 0;

  add(token: string, conv: number, term: Term): void {
    let rows = this.rows.get(token);
    if (!rows) this.rows.set(token, (rows = []));
    rows.push(conv, term.count, term.part, term.pos);
    this.size++;
  }

  addTerms(conv: number, terms: ReadonlyMap<string, Term>): void {
    for (const [token, term] of terms) this.add(token, conv, term);
  }

  build(): Postings {
    const starts = new Uint32Array(this.rows.size + 1);
    const [conv, counts, part, pos] = [0, 0, 0, 0].map(() => new Uint32Array(this.size)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
    const vocab: string[] = [];
    let row = 0;
    let k = 0;
    for (const [token, rows] of this.rows) {
      vocab.push(token, '\n');
      for (let i = 0; i < rows.length; i += 4, row++) {
        conv[row] = rows[i]!;
        counts[row] = rows[i + 1]!;
        part[row] = rows[i + 2]!;
        pos[row] = rows[i + 3]!;
      }
      starts[++k] = row;
    }
    return new Postings({ vocab: vocab.join(''), starts, conv, count: counts, part, pos });
  }
}
