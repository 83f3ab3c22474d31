import { byteLength, fenceFor } from './fence';

/**
 * Context attached to a question from the composer (a file, the open editors, the terminal
 * selection): each becomes a labelled fenced block after the question. The user sees every
 * attachment as a chip with its size before anything is sent; the total is capped. The words the
 * user sees (a terminal chip's label, the question's label) come from the host; the blocks sent
 * to the agent are in English.
 */

export type AttachmentKind = 'file' | 'terminal';

export interface Attachment {
  id: string;
  kind: AttachmentKind;
  /** What the chip shows: a workspace-relative path, or the host's label for a terminal. */
  label: string;
  /** The block sent after the question. */
  body: string;
  /** UTF-8 size of `body`. */
  bytes: number;
}

export const DEFAULT_MAX_KILOBYTES = 200;

export function fileAttachment(id: string, file: string, languageId: string, text: string): Attachment {
  const fence = fenceFor(text);
  const body = `File: ${file}, language: ${languageId}\n\n${fence}${languageId}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}`;
  return { id, kind: 'file', label: file, body, bytes: byteLength(body) };
}

/** `label` is what the chip shows, worded by the host (e.g. "Terminal: bash"). */
export function terminalAttachment(id: string, terminalName: string, text: string, label: string): Attachment {
  const fence = fenceFor(text);
  const body = `Terminal output (${terminalName}):\n\n${fence}text\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}`;
  return { id, label, kind: 'terminal', body, bytes: byteLength(body) };
}

export type AddResult = { added: Attachment[]; skipped: { label: string; reason: 'duplicate' | 'too-large' }[] };

/**
 * Which of `candidates` fit next to `current` under `maxBytes` in total, in order. A candidate with
 * the same label and body as one attached already is skipped as a duplicate.
 */
export function fitAttachments(current: readonly Attachment[], candidates: readonly Attachment[], maxBytes: number): AddResult {
  let total = totalBytes(current);
  const result: AddResult = { added: [], skipped: [] };
  const seen = new Set(current.map((a) => `${a.label}\0${a.body}`));
  for (const candidate of candidates) {
    const key = `${candidate.label}\0${candidate.body}`;
    if (seen.has(key)) {
      result.skipped.push({ label: candidate.label, reason: 'duplicate' });
      continue;
    }
    if (total + candidate.bytes > maxBytes) {
      result.skipped.push({ label: candidate.label, reason: 'too-large' });
      continue;
    }
    seen.add(key);
    total += candidate.bytes;
    result.added.push(candidate);
  }
  return result;
}

export function totalBytes(attachments: readonly Attachment[]): number {
  return attachments.reduce((sum, a) => sum + a.bytes, 0);
}

/** The question as sent: the user's text, then each attachment under a heading. */
export function questionWithAttachments(question: string, attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return question;
  return [question, '', 'Attached context:', ...attachments.map((a) => `\n${a.body}`)].join('\n');
}

/**
 * What the chat shows for a question with attachments, undefined without any: `word` (from the
 * host) puts the question and the attachments' labels, comma-separated, into a sentence.
 */
export function attachmentsLabel(
  question: string,
  attachments: readonly { label: string }[],
  word: (question: string, labels: string) => string,
): string | undefined {
  if (attachments.length === 0) return undefined;
  return word(question, attachments.map((a) => a.label).join(', '));
}

/** "1.2 KB", "340 B": the size a chip shows. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  return kb < 10 ? `${kb.toFixed(1)} KB` : `${Math.round(kb)} KB`;
}
