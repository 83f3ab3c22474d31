/**
 * The question sent to an agent from a native chat: the new prompt, with earlier turns (the Chat
 * view's history, or a language model request's messages) as bounded context. No `vscode` import:
 * unit-tested in plain Node.
 */
import type { Translate } from '../../../core/translate';
import { sourcesHeading } from './render';
import { CONTEXT_LIMITS, questionWithContext as withEarlierTurns, type ChatTurn, type ContextLimits } from '../../../core/earlierTurns';

export type { ChatTurn, ContextLimits };
export { CONTEXT_LIMITS };

/** The prompt alone when there is no history; otherwise the newest earlier turns that fit (without our sources lists), then the question. */
export function questionWithContext(question: string, earlier: readonly ChatTurn[], limits: ContextLimits = CONTEXT_LIMITS, t?: Translate): string {
  return withEarlierTurns(question, earlier, limits, (text) => withoutSources(text, t));
}

export interface LmMessage {
  role: 'user' | 'assistant' | 'system';
  text: string;
}

/** A language model request as one question: its last user message, earlier messages as context. '' when there is no user text. */
export function questionFromMessages(messages: readonly LmMessage[], limits: ContextLimits = CONTEXT_LIMITS, t?: Translate): string {
  const last = findLastIndex(messages, (m) => m.role === 'user' && m.text.trim() !== '');
  if (last < 0) return '';
  const earlier = messages.slice(0, last).map((m): ChatTurn => ({ role: m.role === 'assistant' ? 'assistant' : 'user', text: m.text }));
  return questionWithContext(messages[last]!.text.trim(), earlier, limits, t);
}

/** The sources list we append to answers (headed in the display language, or in English) is not worth sending back as context. */
function withoutSources(text: string, t: Translate | undefined): string {
  const headings = new Set([sourcesHeading(), ...(t ? [sourcesHeading(t)] : [])]);
  const at = Math.min(...[...headings].map((h) => text.indexOf(h)).filter((i) => i >= 0));
  return Number.isFinite(at) ? text.slice(0, at) : text;
}

function findLastIndex<T>(items: readonly T[], match: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (match(items[i]!)) return i;
  return -1;
}
