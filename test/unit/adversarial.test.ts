import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADVERSARIAL_INPUTS, ADVERSARIAL_PARSERS, fastestMs } from '../tools/adversarial';
import { renderSplit } from '../../src/webview/markdown';
import { createMarkdown } from '../../src/webview/markdownRenderer';

/**
 * Every parser of remote text on every hostile shape, at n and 8n characters. A linear parser
 * takes about 8 times as long on 8n; a quadratic one 64 times. The bound (32) is generous so
 * load on the machine cannot fail a linear parser, and a time under FLOOR_MS at n counts as
 * FLOOR_MS (tiny times are mostly noise). A parser already slow at n fails without trying 8n.
 * Figures at 1 MiB are in `npm run bench -- --only=adversarial`.
 *
 * The sanitiser is checked for completing on every shape, not timed: in plain Node it runs on
 * linkedom, whose own node operations grow faster than linearly on large trees; it visits each
 * node once (over a snapshot of each child list), and in the webview Chromium's DOM does the rest.
 */
const N = 8 * 1024;
const FACTOR = 8;
const MAX_RATIO = 32;
const FLOOR_MS = 5;
const SLOW_AT_N_MS = 2000;

for (const [parserName, parser] of Object.entries(ADVERSARIAL_PARSERS)) {
  // The Markdown renderer is checked by counting below: texts over a piece (32 KB) change shape at
  // 8n (hard cuts expose `[(` runs that a single deep quote hid from inline parsing), so timing it
  // from n to 8n would compare two different workloads.
  if (parserName === 'sanitiser' || parserName === 'markdown') continue;
  test(`${parserName} runs in linear time on hostile input`, async () => {
    const failures: string[] = [];
    for (const [inputName, make] of Object.entries(ADVERSARIAL_INPUTS)) {
      const small = await fastestMs(parser, make(N), 2);
      if (small > SLOW_AT_N_MS) {
        failures.push(`${inputName}: ${small.toFixed(0)} ms at ${N} characters`);
        continue;
      }
      const large = await fastestMs(parser, make(N * FACTOR), 2);
      const ratio = large / Math.max(small, FLOOR_MS);
      if (ratio > MAX_RATIO) failures.push(`${inputName}: ${small.toFixed(1)} ms -> ${large.toFixed(1)} ms (x${ratio.toFixed(1)})`);
    }
    assert.deepEqual(failures, []);
  });
}

test('the sanitiser completes on every hostile shape', async () => {
  const sanitiser = ADVERSARIAL_PARSERS.sanitiser!;
  for (const make of Object.values(ADVERSARIAL_INPUTS)) await sanitiser(make(N))();
});

/**
 * The Markdown renderer, by counting instead of timing: the characters markdown-it is given while
 * a hostile text streams in (re-rendering the growing tail on each delta, as the webview does per
 * frame) and when it is rendered whole. Pieces are 1 KiB here so small texts show the shape of
 * big ones. Linear work gives a ratio near 4 for 4 times the text; a tail that grew with the text
 * (re-parsed whole per delta) gives about 16.
 */
test('the Markdown renderer gives markdown-it work linear in the text, also while it streams', () => {
  const md = createMarkdown();
  let parsed = 0;
  const counting = Object.create(md) as typeof md;
  counting.parse = (source, env) => {
    parsed += source.length;
    return md.parse(source, env);
  };
  const piece = 1024;
  const work = (text: string): number => {
    parsed = 0;
    let pending = '';
    for (let i = 0; i < text.length; i += 256) {
      pending += text.slice(i, i + 256);
      pending = pending.slice(renderSplit(counting, pending, false, piece).finishedChars);
    }
    renderSplit(counting, pending, true, piece);
    renderSplit(counting, text, true, piece);
    return parsed;
  };
  const failures: string[] = [];
  for (const [inputName, make] of Object.entries(ADVERSARIAL_INPUTS)) {
    const ratio = work(make(32 * 1024)) / work(make(8 * 1024));
    if (ratio > 6) failures.push(`${inputName}: x${ratio.toFixed(1)}`);
  }
  assert.deepEqual(failures, []);
});
