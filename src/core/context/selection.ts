import { fenceFor } from './fence';

/** Where a selection is, as people write it: `cart.ts:7` for one line, `cart.ts:7-9` for several (1-based). */
export function lineSpan(file: string, startLine: number, endLine: number): string {
  return startLine === endLine ? `${file}:${startLine}` : `${file}:${startLine}-${endLine}`;
}

/** The question sent for "Ask about selection": the question, then the code fenced with its language, file and lines. */
export function selectionQuestion(question: string, code: string, languageId: string, file: string, startLine: number, endLine: number): string {
  const fence = fenceFor(code);
  const lines = startLine === endLine ? `line ${startLine}` : `lines ${startLine}-${endLine}`;
  return `${question}\n\nFile: ${file} (${lines}), language: ${languageId}\n\n${fence}${languageId}\n${code}\n${fence}`;
}

/** What the chat shows for that question: the question and where the code is. */
export function selectionLabel(question: string, file: string, startLine: number, endLine: number): string {
  return `${question} — ${lineSpan(file, startLine, endLine)}`;
}
