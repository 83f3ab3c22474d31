import { fenceFor } from './fence';

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
const MAX_LINE = 500;

export function codeText(code: ProblemInfo['code']): string | undefined {
  if (code === undefined || code === '') return undefined;
  if (typeof code === 'object') return `${code.value} (${code.target})`;
  return String(code);
}

/** `lines` is the document's text split into lines; the excerpt is numbered and marks the problem's lines with `>`. */
export function problemExcerpt(lines: readonly string[], startLine: number, endLine: number, around = PROBLEM_CONTEXT_LINES): string {
  const first = Math.max(0, startLine - around);
  const last = Math.min(lines.length - 1, endLine + around);
  const width = String(last + 1).length;
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const line = lines[i] ?? '';
    const shown = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
    out.push(`${i >= startLine && i <= endLine ? '>' : ' '} ${String(i + 1).padStart(width)} | ${shown}`);
  }
  return out.join('\n');
}

export function problemQuestion(problem: ProblemInfo, lines: readonly string[], request = 'Explain this problem and how to fix it.'): string {
  const { range } = problem;
  const where =
    range.startLine === range.endLine
      ? `line ${range.startLine + 1}, columns ${range.startCharacter + 1}-${range.endCharacter + 1}`
      : `lines ${range.startLine + 1}:${range.startCharacter + 1} to ${range.endLine + 1}:${range.endCharacter + 1}`;
  const code = codeText(problem.code);
  const facts = [`Severity: ${problem.severity}`, problem.source ? `Source: ${problem.source}` : undefined, code ? `Code: ${code}` : undefined].filter(Boolean);
  const excerpt = problemExcerpt(lines, range.startLine, range.endLine);
  const fence = fenceFor(excerpt);
  return [
    request,
    '',
    `Problem: ${problem.message}`,
    facts.join(', '),
    `File: ${problem.file} (${where}), language: ${problem.languageId}`,
    '',
    `${fence}${problem.languageId}`,
    excerpt,
    fence,
  ].join('\n');
}

/** What the chat shows instead of the whole question: the message, shortened, and where. */
export function problemLabel(problem: ProblemInfo): string {
  const first = problem.message.split('\n')[0] ?? '';
  const message = first.length > 100 ? `${first.slice(0, 100)}…` : first;
  const source = [problem.source, codeText(typeof problem.code === 'object' ? problem.code.value : problem.code)].filter(Boolean).join(' ');
  return `${source ? `${source}: ` : ''}${message} — ${problem.file}:${problem.range.startLine + 1}`;
}
