import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markdownToPlain, spokenText, turnToPlainText, wordCount } from '../../src/core/plainText';

test('Markdown as read aloud: no heading, emphasis, link or table marks; code kept as written', () => {
  const md = [
    '## Streams',
    '',
    'Use **backpressure** and _care_; see [the docs](https://nodejs.org/api/stream.html "Node") and `pipe()`.',
    '',
    '> a quote',
    '',
    '| a | b |',
    '|---|:-:|',
    '| 1 | 2 |',
    '',
    '```ts',
    'const x = a ** b; // **kept**',
    '```',
  ].join('\n');
  assert.equal(
    markdownToPlain(md),
    ['Streams', '', 'Use backpressure and care; see the docs and pipe().', '', 'a quote', '', 'a, b', '1, 2', '', 'const x = a ** b; // **kept**'].join('\n'),
  );
});

test('a citation link keeps its number and loses its address', () => {
  assert.equal(markdownToPlain('SSE is common [[1]](https://developer.mozilla.org/x_(y)) and easy [[2]](https://nodejs.org).'), 'SSE is common [1] and easy [2].');
});

test('the spoken end-of-answer text has no web addresses and no citation marks', () => {
  const spoken = spokenText('Paris is the capital [1][2]. More at https://en.wikipedia.org/wiki/Paris and [MDN](https://developer.mozilla.org).');
  assert.equal(spoken, 'Paris is the capital. More at and MDN.');
  assert.doesNotMatch(spoken, /https?:|\[\d/);
});

test('words are counted as runs of non-space characters', () => {
  assert.equal(wordCount(''), 0);
  assert.equal(wordCount('  one\ttwo\n\nthree  '), 3);
  assert.equal(wordCount('é'), 1);
  assert.equal(wordCount('a-b c.d\u00a0e'), 2); // only ASCII spaces and controls separate words
});

test('a turn as plain text: question, agent, answer without marks, then numbered sources with their addresses', () => {
  const text = turnToPlainText(
    {
      question: 'Capital of France?',
      agentLabel: 'Advanced',
      answer: '**Paris** [1].',
      citations: [{ index: 1, url: 'https://en.wikipedia.org/wiki/Paris', title: 'Paris - Wikipedia', host: 'en.wikipedia.org', snippet: '' }],
    },
    { question: 'Question', answer: 'Answer', sources: 'Sources', noAnswer: '(no answer yet)' },
  );
  assert.equal(
    text,
    'Question: Capital of France?\n\nAnswer (Advanced):\n\nParis [1].\n\nSources:\n1. Paris - Wikipedia, en.wikipedia.org\n   https://en.wikipedia.org/wiki/Paris\n',
  );
  const words = { question: 'Q', answer: 'A', sources: 'S', noAnswer: '-' };
  const empty = turnToPlainText({ question: 'q', questionLabel: 'label', agentLabel: 'A', answer: '', citations: [] }, words);
  assert.equal(empty, 'Q: label\n\nA (A):\n\n-\n');
});
