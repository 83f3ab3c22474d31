import type { Conversation, Turn } from './conversation';
import type { Citation } from './events';
import { isHttpUrl } from './url';

/** A conversation as a Markdown document: each question, its answer, and its numbered sources. */
export function conversationToMarkdown(conversation: Conversation): string {
  const lines: string[] = [`# ${oneLine(conversation.title)}`, '', `_Exported ${new Date(conversation.updatedAt).toISOString()}_`, ''];
  for (const turn of conversation.turns) {
    lines.push(`## ${oneLine(turn.questionLabel ?? turn.question)}`, '', `**Agent:** ${turn.agentLabel}`, '');
    if (turn.research) lines.push(`**Research effort:** ${turn.research.effort}${turn.research.taskId ? ` (task \`${turn.research.taskId}\`)` : ''}`, '');
    if (turn.questionLabel) lines.push('<details><summary>Full question</summary>', '', turn.question, '', '</details>', '');
    lines.push(turn.answer.trim() || '_(no answer)_', '');
    if (turn.status === 'interrupted' || turn.status === 'stopped') lines.push(`_(answer ${turn.status})_`, '');
    if (turn.error) lines.push(`> **Error:** ${turn.error.message}`, '');
    if (turn.citations.length > 0) {
      lines.push('### Sources', '');
      for (const c of turn.citations) lines.push(...sourceLines(c));
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One answer as Markdown, as the user copies it: the text, then its numbered sources. */
export function answerToMarkdown(turn: Pick<Turn, 'answer' | 'citations'>): string {
  const lines = [turn.answer.trim()];
  if (turn.citations.length > 0) lines.push('', '**Sources**', '', ...turn.citations.flatMap(sourceLines));
  return `${lines.join('\n')}\n`;
}

/** A source's lines: one with its snippet; a source with several snippets (Research) quotes each under its line. */
export function sourceLines(c: Citation): string[] {
  const snippets = snippetsOf(c);
  if (snippets.length <= 1) return [sourceLine(c, textOf(c.snippet))];
  return [sourceLine(c, ''), ...snippets.map((s) => `   > ${escapeInline(s)}`)];
}

/** Every snippet of a source, the single `snippet` when older history has no list. */
export function snippetsOf(c: Citation): string[] {
  const list = Array.isArray(c.snippets) ? c.snippets.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [];
  if (list.length > 0) return list;
  const one = textOf(c.snippet).trim();
  return one ? [one] : [];
}

/**
 * One numbered source, for every Markdown we write (export, Copy answer, VS Code Chat, the model
 * and tool output). Title, `after` (a snippet or the host) and URL come from a web page or an
 * agent server, so none of them may write Markdown: text is escaped, and only an http(s) URL
 * becomes a link. An untitled source is named by its host, else its URL.
 */
export function sourceLine(c: Citation, after: string): string {
  const title = escapeInline(textOf(c.title) || textOf(c.host));
  const url = textOf(c.url);
  const tail = after.trim() ? ` — ${escapeInline(after)}` : '';
  const href = linkTarget(url);
  if (href) return `${c.index}. [${title || escapeInline(href)}](${href})${tail}`;
  return `${c.index}. ${title || '(untitled source)'}${url ? ` — ${escapeInline(url)}` : ''}${tail}`;
}

/** An http(s) URL as a link destination that cannot end early: parentheses, spaces, quotes and angle brackets percent-encoded. */
export function linkTarget(url: string): string | undefined {
  if (!isHttpUrl(url)) return undefined;
  return new URL(url).href.replace(/[\s()<>"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Text that reads the same in Markdown: one line, punctuation that could start syntax escaped, no raw HTML. */
export function escapeInline(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]()!#|~&]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** History written by an older or broken build may hold a non-string here. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
