import type { Turn } from './conversation';
import type { Citation } from './events';
import { escapeInline, snippetsOf, sourceLine } from './exportMarkdown';

/**
 * A research report as a Markdown file to keep in the repository: the question, effort, date,
 * the report, and its numbered sources with every snippet. The report's inline citations already
 * link their sources; the list below repeats each with what it said.
 */
type ReportTurn = Pick<Turn, 'question' | 'questionLabel' | 'answer' | 'citations' | 'research' | 'finishedAt' | 'startedAt' | 'agentLabel'>;

export function reportMarkdown(turn: ReportTurn, effortLabel: string): string {
  const date = new Date(turn.finishedAt ?? turn.startedAt).toISOString();
  const question = oneLine(turn.questionLabel ?? turn.question);
  const lines = [`# ${escapeInline(question.length > 120 ? `${question.slice(0, 117)}...` : question)}`, ''];
  lines.push(`- **Question:** ${escapeInline(turn.question)}`);
  lines.push(`- **Agent:** ${escapeInline(turn.agentLabel)}`);
  if (turn.research) lines.push(`- **Effort:** ${escapeInline(effortLabel)}`);
  if (turn.research?.taskId) lines.push(`- **Task:** \`${turn.research.taskId}\``);
  lines.push(`- **Date:** ${date}`, '', turn.answer.trim() || '_(no report)_', '');
  if (turn.citations.length > 0) {
    lines.push('## Sources', '');
    for (const c of turn.citations) lines.push(...sourceBlock(c));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One source: its numbered line, then each snippet as a quoted line under it. */
export function sourceBlock(c: Citation): string[] {
  const snippets = snippetsOf(c);
  return [sourceLine(c, ''), ...snippets.map((s) => `   > ${escapeInline(s)}`), ''];
}

/**
 * The file name for a report: the date, then the question's first words as a slug
 * (`2026-12-03-how-do-rust-lifetimes-work.md`); `taken` says whether a name exists, and a
 * taken name gets `-2`, `-3`… so nothing is ever overwritten. Bounded: at most 1,000 tries.
 */
export async function reportFileName(question: string, at: Date, taken: (name: string) => Promise<boolean>): Promise<string> {
  const day = at.toISOString().slice(0, 10);
  const slug =
    question
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'research';
  const base = `${day}-${slug}`;
  for (let n = 1; n <= 1000; n++) {
    const name = n === 1 ? `${base}.md` : `${base}-${n}.md`;
    if (!(await taken(name))) return name;
  }
  throw new Error(`no free file name for ${base}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
