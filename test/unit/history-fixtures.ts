import type { Conversation, Turn } from '../../src/core/conversation';

/** Conversations and turns for the history tests. */

export function turn(id: string, startedAt: number, extra: Partial<Turn> = {}): Turn {
  return {
    id,
    question: `Question ${id}?`,
    agentId: 'you:advanced',
    agentLabel: 'Advanced',
    answer: `Answer ${id} [[1]](https://example.com/a).`,
    citations: [{ index: 1, url: 'https://example.com/a', title: 'A [guide]', snippet: 'About SSE', host: 'example.com' }],
    status: 'done',
    startedAt,
    ...extra,
  };
}

export function conversation(id: string, updatedAt: number, turns: Turn[] = [turn('t1', 1)]): Conversation {
  return { id, title: `Chat ${id}`, createdAt: 1, updatedAt, turns };
}
