/**
 * Earlier turns of a conversation as a compact, bounded text prefix of a question: what an agent
 * that did not see them gets as context (VS Code's Chat view, a language model request, an agent
 * server starting a fresh session after an edit). English: it goes to an agent, not to the user.
 */

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

/**
 * The question alone when there is nothing earlier; otherwise the newest earlier turns that fit,
 * then the question. `clean` trims what is not worth sending back (an appended sources list).
 */
export function questionWithContext(
  question: string,
  earlier: readonly ChatTurn[],
  limits: ContextLimits = CONTEXT_LIMITS,
  clean: (text: string) => string = (text) => text,
): string {
  const kept: string[] = [];
  let total = 0;
  for (let i = earlier.length - 1; i >= 0 && kept.length < limits.turns; i--) {
    const turn = earlier[i]!;
    const text = clip(clean(turn.text).trim(), limits.turnChars);
    if (!text) continue;
    const line = `${turn.role === 'user' ? 'User' : 'Assistant'}: ${text}`;
    if (total + line.length > limits.totalChars) break;
    kept.push(line);
    total += line.length;
  }
  if (kept.length === 0) return question;
  return `Earlier in this conversation (context only):\n\n${kept.reverse().join('\n\n')}\n\nQuestion: ${question}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
