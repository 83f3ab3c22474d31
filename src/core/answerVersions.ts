import type { AnswerVersion, Turn } from './conversation';

/**
 * A turn's answers when the user asked for another one (regenerate). The answer shown lives in
 * the turn's own fields, as before; the others are kept in `otherAnswers`, and `versionIndex` is
 * where the shown one sits among all of them. Nothing is stored twice, and history written
 * before this existed reads as a turn with one answer.
 */

export function answerCount(turn: Turn): number {
  return (turn.otherAnswers?.length ?? 0) + 1;
}

/** Position of the shown answer among all, 0-based. */
export function shownIndex(turn: Turn): number {
  const others = turn.otherAnswers?.length ?? 0;
  return Math.min(Math.max(turn.versionIndex ?? others, 0), others);
}

function snapshot(turn: Turn): AnswerVersion {
  return {
    agentId: turn.agentId,
    agentLabel: turn.agentLabel,
    answer: turn.answer,
    citations: turn.citations,
    status: turn.status,
    ...(turn.error ? { error: turn.error } : {}),
    startedAt: turn.startedAt,
    ...(turn.finishedAt !== undefined ? { finishedAt: turn.finishedAt } : {}),
  };
}

function all(turn: Turn): AnswerVersion[] {
  const others = [...(turn.otherAnswers ?? [])];
  others.splice(shownIndex(turn), 0, snapshot(turn));
  return others;
}

/** Keeps the shown answer among the others; the next answer will be the last one. */
export function keepAnswerForRegenerate(turn: Turn): void {
  const versions = all(turn);
  turn.otherAnswers = versions;
  turn.versionIndex = versions.length;
}

/** Shows answer `index` (0-based); false when there is no such answer. */
export function showAnswer(turn: Turn, index: number): boolean {
  const versions = all(turn);
  const picked = versions[index];
  if (!Number.isInteger(index) || !picked || index === shownIndex(turn)) return false;
  versions.splice(index, 1);
  Object.assign(turn, { error: undefined, finishedAt: undefined }, picked);
  turn.otherAnswers = versions;
  turn.versionIndex = index;
  return true;
}

/** The question changed: its old answers answer another question, so they go. */
export function forgetAnswers(turn: Turn): void {
  delete turn.otherAnswers;
  delete turn.versionIndex;
}
