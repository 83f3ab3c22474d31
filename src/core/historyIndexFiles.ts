import { endianness } from 'node:os';
import { isObject, parseJson } from './history';
import { Postings, type DocPart, type PostingsColumns } from './historyPostings';

/**
 * The search index's two file kinds, written and parsed here. Both are untrusted input: parsing is
 * total (anything unexpected gives undefined, and the caller rebuilds) and linear in the file size.
 *
 *   <id>.json  one conversation's searchable text, as of its history entry `key`:
 *              {"v":1,"id","key","parts":[["q"|"a", turnId, text], ...]}
 *   postings.base.json  the packed postings of many conversations (historyPostings.ts), the columns in
 *              base64 (little-endian uint32):
 *              {"v":1,"conversations":[[id, key], ...],"vocab","starts","conv","count","part","pos"}
 */

const VERSION = 1;
/** The columns are stored little-endian; on such a machine (nearly all) they are copied as they are. */
const LITTLE_ENDIAN = endianness() === 'LE';
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Whitespace other than the separator, or an empty token: not a vocabulary we wrote. */
const BAD_VOCAB = /[^\S\n]|\n\n|^\n/u;

/** Never the name of a conversation's file (ids hold no dot). */
export const BASE_FILE = 'postings.base.json';
export const docFile = (id: string): string => `${id}.json`;
export const DOC_FILE = /^([A-Za-z0-9_-]{1,64})\.json$/;

/** One conversation's text as the index read it. */
export interface IndexedDoc {
  id: string;
  /** The history entry's updatedAt, turns and bytes when the text was read. */
  key: string;
  parts: DocPart[];
}

/** The postings of several conversations; row `conv` c belongs to conversations[c]. */
export interface BaseIndex {
  conversations: { id: string; key: string }[];
  postings: Postings;
}

export function encodeDoc(doc: IndexedDoc): string {
  return JSON.stringify({ v: VERSION, id: doc.id, key: doc.key, parts: doc.parts.map((p) => [p.field === 'question' ? 'q' : 'a', p.turnId, p.text]) });
}

export function parseDoc(text: string, id: string): IndexedDoc | undefined {
  const v = parseJson(text);
  if (!isObject(v) || v.v !== VERSION || v.id !== id || typeof v.key !== 'string' || !Array.isArray(v.parts)) return undefined;
  const parts: DocPart[] = [];
  for (const p of v.parts as unknown[]) {
    if (!Array.isArray(p) || p.length !== 3 || (p[0] !== 'q' && p[0] !== 'a')) return undefined;
    if (typeof p[1] !== 'string' || !ID.test(p[1]) || typeof p[2] !== 'string') return undefined;
    parts.push({ field: p[0] === 'q' ? 'question' : 'answer', turnId: p[1], text: p[2] });
  }
  return { id, key: v.key, parts };
}

export function encodeBase(base: BaseIndex): string {
  const { vocab, starts, conv, count, part, pos } = base.postings.columns;
  const conversations = base.conversations.map((c) => [c.id, c.key]);
  return JSON.stringify({ v: VERSION, conversations, vocab, starts: b64(starts), conv: b64(conv), count: b64(count), part: b64(part), pos: b64(pos) });
}

export function parseBase(text: string): BaseIndex | undefined {
  const v = parseJson(text);
  if (!isObject(v) || v.v !== VERSION || !Array.isArray(v.conversations) || typeof v.vocab !== 'string') return undefined;
  const conversations: BaseIndex['conversations'] = [];
  const seen = new Set<string>();
  for (const c of v.conversations as unknown[]) {
    if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'string' || !ID.test(c[0]) || typeof c[1] !== 'string' || seen.has(c[0])) return undefined;
    seen.add(c[0]);
    conversations.push({ id: c[0], key: c[1] });
  }
  const vocab = v.vocab;
  if (vocab.length > 0 && (!vocab.endsWith('\n') || BAD_VOCAB.test(vocab))) return undefined;
  const [starts, conv, count, part, pos] = [v.starts, v.conv, v.count, v.part, v.pos].map(fromB64);
  if (!starts || !conv || !count || !part || !pos) return undefined;
  const columns: PostingsColumns = { vocab, starts, conv, count, part, pos };
  return columnsValid(columns, conversations.length) ? { conversations, postings: new Postings(columns) } : undefined;
}

/** Row ranges in order and inside the table, one per token; rows point at listed conversations. */
function columnsValid({ vocab, starts, conv, count, part, pos }: PostingsColumns, conversations: number): boolean {
  let tokens = 0;
  for (let at = vocab.indexOf('\n'); at >= 0; at = vocab.indexOf('\n', at + 1)) tokens++;
  const rows = conv.length;
  if (starts.length !== tokens + 1 || starts[0] !== 0 || starts[tokens] !== rows) return false;
  if (count.length !== rows || part.length !== rows || pos.length !== rows) return false;
  for (let k = 0; k < tokens; k++) if (starts[k]! > starts[k + 1]!) return false;
  for (let row = 0; row < rows; row++) if (conv[row]! >= conversations || count[row] === 0) return false;
  return true;
}

function b64(column: Uint32Array): string {
  if (LITTLE_ENDIAN) return Buffer.from(column.buffer, column.byteOffset, column.byteLength).toString('base64');
  const bytes = Buffer.alloc(column.length * 4);
  for (let i = 0; i < column.length; i++) bytes.writeUInt32LE(column[i]!, i * 4);
  return bytes.toString('base64');
}

function fromB64(value: unknown): Uint32Array | undefined {
  if (typeof value !== 'string' || value.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(value, 'base64');
  // Node skips characters that are not base64: then fewer bytes come out than the length promises.
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  if (bytes.length !== (value.length / 4) * 3 - padding || bytes.length % 4 !== 0) return undefined;
  // A copy, so the column is aligned and owns its memory (not a view of Node's shared buffer pool).
  if (LITTLE_ENDIAN) return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const column = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < column.length; i++) column[i] = bytes.readUInt32LE(i * 4);
  return column;
}
