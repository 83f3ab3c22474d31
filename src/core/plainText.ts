import type { Turn } from './conversation';

/**
 * Markdown as a screen reader should hear it: no emphasis marks, headings or table rules, a link as
 * its text, code kept as it is. One pass of line-anchored or bounded patterns, linear in the text.
 */
export function markdownToPlain(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker[0]!.repeat(3) : undefined;
      continue;
    }
    if (fence !== undefined) {
      out.push(line);
      continue;
    }
    if (/^[\s|:-]+$/.test(line) && line.includes('-')) continue; // a table's rule row, or a rule
    out.push(
      line
        .replace(/^ {0,3}#{1,6}\s+/, '')
        .replace(/^ {0,3}>\s?/, '')
        // A link's address may hold one level of parentheses (as Markdown allows); a citation keeps its number.
        .replace(/\[\[(\d{1,3})\]\]\((?:[^()\s]|\([^()\s]*\))*\)/g, '[$1]')
        .replace(/!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g, '$1')
        .replace(/(\*\*|__)(?=\S)([^*_\n]*?\S)\1/g, '$2')
        .replace(/(^|[\s(])[*_](?=\S)([^*_\n]*?\S)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
        .replace(/`([^`\n]*)`/g, '$1')
        .replace(/^\s*\|(.*)\|\s*$/, (_, cells: string) => cells.split('|').map((c) => c.trim()).join(', ')),
    );
  }
  return out.join('\n');
}

/** Text for a spoken summary: plain, with web addresses and citation marks left out, on one line. */
export function spokenText(markdown: string): string {
  return markdownToPlain(markdown)
    .replace(/\bhttps?:\/\/\S*[^\s.,;:!?)\]]/g, ' ') // an address, without the sentence's closing mark
    .replace(/\[\d{1,3}\]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;:!?])/g, '$1')
    .trim();
}

/** How many words a text has (for "N words so far"), counted without building an array. */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

export interface AccessibleTexts {
  question: string;
  answer: string;
  sources: string;
  noAnswer: string;
}

/**
 * A turn as plain text for VS Code's editor (the accessible view): the question, the agent, the
 * answer without Markdown marks, and the numbered sources with their addresses.
 */
export function turnToPlainText(turn: Pick<Turn, 'question' | 'questionLabel' | 'agentLabel' | 'answer' | 'citations'>, words: AccessibleTexts): string {
  const answer = markdownToPlain(turn.answer.trim()) || words.noAnswer;
  const lines = [`${words.question}: ${turn.questionLabel ?? turn.question}`, '', `${words.answer} (${turn.agentLabel}):`, '', answer];
  if (turn.citations.length > 0) {
    lines.push('', `${words.sources}:`);
    for (const c of turn.citations) lines.push(`${c.index}. ${oneLine(c.title)}${c.host ? `, ${oneLine(c.host)}` : ''}`, `   ${oneLine(c.url)}`);
  }
  return `${lines.join('\n')}\n`;
}

function oneLine(value: unknown): string {
  return (typeof value === 'string' ? value : '').replace(/\s+/g, ' ').trim();
}
