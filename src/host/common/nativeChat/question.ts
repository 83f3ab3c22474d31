/**
 * The question sent to an agent from a native chat: the new prompt, with earlier turns (the Chat
 * view's history, or a language model request's messages) as bounded context. No `vscode` import:
 * unit-tested in plain Node.
 */
import type { Translate } from '../../../core/translate';
import { sourcesHeading } from './render';

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface ContextLimits {
  /** At most this many earlier turns, the newest kept. */
  turns: number;
  /** Each turn clipped to this many characters. */
  turnChars: number;
  /** All earlier turns together at most this many characters. */
  totalChars: number;
}

export const CONTEXT_LIMITS: ContextLimits = { turns: 10, turnChars: 2_000, totalChars: 8_000 };

/** The prompt alone when there is no history; otherwise the newest earlier turns that fit, then the question. */
export function questionWithContext(question: string, earlier: readonly ChatTurn[], limits: ContextLimits = CONTEXT_LIMITS, t?: Translate): string {
  const kept: string[] = [];
  let total = 0;
  for (const turn of [...earlier].reverse()) {
    if (kept.length >= limits.turns) break;
    const text = clip(withoutSources(turn.text, t).trim(), limits.turnChars);
    if (!text) continue;
    const line = `${turn.role === 'user' ? 'User' : 'Assistant'}: ${text}`;
    if (total + line.length > limits.totalChars) break;
    kept.unshift(line);
    total += line.length;
  }
  if (kept.length === 0) return question;
  return `Earlier in this conversation (context only):\n\n${kept.join('\n\n')}\n\nQuestion: ${question}`;
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

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function findLastIndex<T>(items: readonly T[], match: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (match(items[i]!)) return i;
  return -1;
}
