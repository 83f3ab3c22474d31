import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerCount, keepAnswerForRegenerate, showAnswer, shownIndex } from '../../src/core/answerVersions';
import type { Turn } from '../../src/core/conversation';

const turn = (answer: string): Turn => ({
  id: 't1',
  question: 'q',
  agentId: 'a',
  agentLabel: 'A',
  answer,
  citations: [],
  status: 'done',
  startedAt: 1,
  finishedAt: 2,
});

describe('answer versions', () => {
  test('a turn from older history has one answer, shown at position 0', () => {
    const t = turn('only');
    assert.equal(answerCount(t), 1);
    assert.equal(shownIndex(t), 0);
    assert.equal(showAnswer(t, 0), false);
  });

  test('switching round-trips every answer with its own agent, status, error and sources', () => {
    const t = turn('one');
    keepAnswerForRegenerate(t);
    Object.assign(t, {
      answer: 'two',
      agentLabel: 'B',
      status: 'error',
      error: { message: 'boom', action: 'retry' },
      citations: [{ index: 1, url: 'https://x.test', title: 'x', host: 'x.test' }],
    });
    assert.equal(answerCount(t), 2);
    assert.equal(shownIndex(t), 1);
    assert.equal(showAnswer(t, 0), true);
    assert.deepEqual([t.answer, t.agentLabel, t.status, t.error, t.citations.length], ['one', 'A', 'done', undefined, 0]);
    assert.equal(showAnswer(t, 1), true);
    assert.deepEqual([t.answer, t.agentLabel, t.status, t.error?.message, t.citations.length], ['two', 'B', 'error', 'boom', 1]);
    assert.equal(answerCount(t), 2, 'nothing duplicated or lost');
  });

  test('a bad index changes nothing', () => {
    const t = turn('one');
    keepAnswerForRegenerate(t);
    t.answer = 'two';
    for (const bad of [-1, 2, 0.5, Number.NaN]) assert.equal(showAnswer(t, bad), false);
    assert.equal(t.answer, 'two');
  });
});
