import type { Conversation } from './conversation';

/** A conversation as a Markdown document: each question, its answer, and its numbered sources. */
export function conversationToMarkdown(conversation: Conversation): string {
  const lines: string[] = [`# ${conversation.title}`, '', `_Exported ${new Date(conversation.updatedAt).toISOString()}_`, ''];
  for (const turn of conversation.turns) {
    lines.push(`## ${oneLine(turn.questionLabel ?? turn.question)}`, '', `**Agent:** ${turn.agentLabel}`, '');
    if (turn.questionLabel) lines.push('<details><summary>Full question</summary>', '', turn.question, '', '</details>', '');
    lines.push(turn.answer.trim() || '_(no answer)_', '');
    if (turn.status === 'interrupted' || turn.status === 'stopped') lines.push(`_(answer ${turn.status})_`, '');
    if (turn.error) lines.push(`> **Error:** ${turn.error.message}`, '');
    if (turn.citations.length > 0) {
      lines.push('### Sources', '');
      for (const c of turn.citations) lines.push(`${c.index}. [${escapeBrackets(c.title)}](${c.url})${c.snippet ? ` — ${oneLine(c.snippet)}` : ''}`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function escapeBrackets(text: string): string {
  return text.replace(/[[\]]/g, (c) => `\\${c}`);
}
