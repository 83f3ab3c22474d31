import { sizeLabel } from '../errorReason';
import { byteLength, fenceFor } from './fence';

/**
 * The question sent for "Ask You.com about this problem": a diagnostic as VS Code reports it,
 * with the lines around it numbered, so the agent sees what the user sees in the Problems panel.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface ProblemInfo {
  message: string;
  /** A diagnostic's code: a string, a number, or `{ value, target }` where target is a documentation URL. */
  code?: string | number | { value: string | number; target: string };
  /** Who reported it: `ts`, `eslint`, `Pylance`… */
  source?: string;
  severity: Severity;
  /** Zero-based, as in VS Code's API; shown one-based. */
  range: { startLine: number; startCharacter: number; endLine: number; endCharacter: number };
  languageId: string;
  /** Workspace-relative path. */
  file: string;
}

/** Lines around the problem: how many above and below are shown. */
export const PROBLEM_CONTEXT_LINES = 5;
/** At most this many lines in an excerpt, however far the problem's range reaches. */
export const PROBLEM_MAX_LINES = 60;
/** At most this many UTF-8 bytes of excerpt; `youAgents.context.maxKilobytes` may lower it. */
export const PROBLEM_MAX_BYTES = 16 * 1024;
const MAX_LINE = 500;
/** A diagnostic's message is cut here (some tools report whole files in it). */
const MAX_MESSAGE = 2_000;

/** A document's lines, read only where the excerpt needs them (a diagnostic may span a huge file). */
export interface Lines {
  readonly count: number;
  at(index: number): string;
}

function asLines(lines: readonly string[] | Lines): Lines {
  if (!Array.isArray(lines)) return lines as Lines;
  const array = lines as readonly string[];
  return { count: array.length, at: (i) => array[i] ?? '' };
}

export function codeText(code: ProblemInfo['code']): string | undefined {
  if (code === undefined || code === '') return undefined;
  if (typeof code === 'object') return `${code.value} (${code.target})`;
  return String(code);
}

/**
 * The numbered excerpt, the problem's lines marked with `>`: `around` lines of context on each
 * side, at most PROBLEM_MAX_LINES lines and `maxBytes` bytes in all (each line cut at 500
 * characters). What does not fit is named in a last line. Reads only the lines it shows.
 */
export function problemExcerpt(
  source: readonly string[] | Lines,
  startLine: number,
  endLine: number,
  around = PROBLEM_CONTEXT_LINES,
  maxBytes = PROBLEM_MAX_BYTES,
): string {
  const lines = asLines(source);
  const first = Math.max(0, startLine - around);
  const last = Math.min(lines.count - 1, endLine + around);
  const width = String(last + 1).length;
  const out: string[] = [];
  let bytes = 0;
  let i = first;
  for (; i <= last && out.length < PROBLEM_MAX_LINES; i++) {
    const line = lines.at(i);
    const shown = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
    const row = `${i >= startLine && i <= endLine ? '>' : ' '} ${String(i + 1).padStart(width)} | ${shown}`;
    const rowBytes = byteLength(row) + 1;
    if (bytes + rowBytes > maxBytes) break;
    out.push(row);
    bytes += rowBytes;
  }
  if (i <= last) out.push(`[lines ${i + 1}-${last + 1} not included: the excerpt is capped at ${PROBLEM_MAX_LINES} lines and ${sizeLabel(maxBytes)}]`);
  return out.join('\n');
}

/**
 * The question for a problem, at most `maxBytes` (UTF-8) with its excerpt: the excerpt gets what
 * the rest leaves, up to PROBLEM_MAX_BYTES. The caller passes `youAgents.context.maxKilobytes`.
 */
export function problemQuestion(
  problem: ProblemInfo,
  lines: readonly string[] | Lines,
  request = 'Explain this problem and how to fix it.',
  maxBytes = PROBLEM_MAX_BYTES * 4,
): string {
  const { range } = problem;
  const where =
    range.startLine === range.endLine
      ? `line ${range.startLine + 1}, columns ${range.startCharacter + 1}-${range.endCharacter + 1}`
      : `lines ${range.startLine + 1}:${range.startCharacter + 1} to ${range.endLine + 1}:${range.endCharacter + 1}`;
  const code = codeText(problem.code);
  const facts = [`Severity: ${problem.severity}`, problem.source ? `Source: ${problem.source}` : undefined, code ? `Code: ${code}` : undefined].filter(Boolean);
  // A quarter of a small cap at most (4 UTF-8 bytes per character, at worst).
  const messageMax = Math.min(MAX_MESSAGE, Math.floor(maxBytes / 16));
  const message = problem.message.length > messageMax ? `${problem.message.slice(0, messageMax)}… [message cut]` : problem.message;
  const head = [request, '', `Problem: ${message}`, facts.join(', '), `File: ${problem.file} (${where}), language: ${problem.languageId}`].join('\n');
  // Room for the fences and their newlines (a fence is at most a few dozen backticks).
  const room = Math.min(PROBLEM_MAX_BYTES, maxBytes - byteLength(head) - 2 * 64 - problem.languageId.length);
  if (room < 256) return head;
  const excerpt = problemExcerpt(lines, range.startLine, range.endLine, PROBLEM_CONTEXT_LINES, room);
  const fence = fenceFor(excerpt);
  return [head, '', `${fence}${problem.languageId}`, excerpt, fence].join('\n');
}

/** What the chat shows instead of the whole question: the message, shortened, where, and (given) the question's size. */
export function problemLabel(problem: ProblemInfo, bytes?: number): string {
  const first = problem.message.split('\n')[0] ?? '';
  const message = first.length > 100 ? `${first.slice(0, 100)}…` : first;
  const source = [problem.source, codeText(typeof problem.code === 'object' ? problem.code.value : problem.code)].filter(Boolean).join(' ');
  const size = bytes === undefined ? '' : ` (${sizeLabel(bytes)})`;
  return `${source ? `${source}: ` : ''}${message} — ${problem.file}:${problem.range.startLine + 1}${size}`;
}
