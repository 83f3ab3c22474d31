import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ChunkedOpen, estimateTurnHeight, firstBatchStart } from '../../src/webview/progressiveOpen';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const size = (answer: string) => ({ question: 'Benchmark question', answer, citations: [] });

test('estimateTurnHeight: near the heights measured in the bench page (560 px wide) and taller when narrower', () => {
  // Heights of the rendered fixture answers in headless Chromium, transcript 560 px wide.
  for (const [answer, measured] of [
    [fixture('answer-30k.md'), 20573],
    [fixture('answer-120k.md'), 82571],
  ] as const) {
    const estimate = estimateTurnHeight(size(answer), 560);
    assert.ok(Math.abs(estimate - measured) / measured < 0.05, `${estimate} vs ${measured}`);
    assert.ok(estimateTurnHeight(size(answer), 360) > estimate);
  }
  assert.ok(estimateTurnHeight(size(''), 560) < 100);
  assert.ok(estimateTurnHeight({ ...size('x'), citations: [1, 2, 3] }, 560) > estimateTurnHeight(size('x'), 560) + 100);
});

test('firstBatchStart: the newest turns that fill the view, at least one, and always the active one', () => {
  assert.equal(firstBatchStart([], 900), 0);
  assert.equal(firstBatchStart([20000, 20000, 20000], 900), 2, 'one long answer fills the view');
  assert.equal(firstBatchStart([100, 100, 100, 100, 100, 100], 250), 3, 'short turns: as many as fill it');
  assert.equal(firstBatchStart([100, 100, 100], 5000), 0, 'all of a short conversation');
  assert.equal(firstBatchStart([100, 20000, 20000, 20000], 900, 1), 1, 'the active turn and all after it');
  assert.equal(firstBatchStart([100, 100], 0), 1);
});

/** A scheduler whose callbacks run when the test says, and a clock that each build advances. */
function harness(costs: Record<string, number>) {
  const queue: (() => void)[] = [];
  let clock = 0;
  const built: string[] = [];
  const inserted: string[][] = [];
  let done = 0;
  const items = Object.keys(costs).map((id) => ({ id, text: `v1 ${id}` }));
  const open = new ChunkedOpen(
    items,
    (item) => {
      clock += costs[item.id]!;
      built.push(item.id);
      return item.text;
    },
    (texts) => inserted.push(texts),
    (run) => {
      queue.push(run);
      return () => queue.splice(queue.indexOf(run), 1);
    },
    () => clock,
    8,
    () => done++,
  );
  const step = () => queue.shift()!();
  return { open, queue, built, inserted, step, done: () => done };
}

test('ChunkedOpen: newest first, slices end once the budget is spent, each inserted in conversation order', () => {
  const h = harness({ a: 3, b: 3, c: 3, d: 3, e: 30, f: 1 });
  assert.equal(h.queue.length, 1, 'nothing is built before the first slice');
  assert.deepEqual(h.built, []);
  h.step();
  assert.deepEqual(h.built, ['f', 'e'], 'f (1 ms) leaves budget, e (30 ms) spends it');
  assert.deepEqual(h.inserted, [['v1 e', 'v1 f']]);
  h.step();
  assert.deepEqual(h.inserted.at(-1), ['v1 b', 'v1 c', 'v1 d'], '3 + 3 + 3 ms: over 8 after the third');
  assert.equal(h.done(), 0);
  h.step();
  assert.deepEqual(h.inserted.at(-1), ['v1 a']);
  assert.deepEqual(h.built, ['f', 'e', 'd', 'c', 'b', 'a']);
  assert.equal(h.open.pending, 0);
  assert.equal(h.done(), 1);
  assert.equal(h.queue.length, 0);
});

test('ChunkedOpen: cancel stops it; replace swaps data only while the item is pending', () => {
  const h = harness({ a: 5, b: 5, c: 5, d: 5 });
  assert.equal(h.open.replace({ id: 'a', text: 'v2 a' }), true);
  assert.equal(h.open.replace({ id: 'zz', text: 'v2 zz' }), false, 'not a pending item');
  h.step();
  assert.deepEqual(h.inserted, [['v1 c', 'v1 d']]);
  assert.equal(h.open.replace({ id: 'd', text: 'v2 d' }), false, 'built already');
  h.open.cancel();
  assert.equal(h.queue.length, 0, 'the next slice is unscheduled');
  assert.equal(h.open.replace({ id: 'a', text: 'v3 a' }), false);
  assert.equal(h.done(), 0);

  const again = harness({ a: 5, b: 5 });
  again.open.replace({ id: 'a', text: 'v2 a' });
  again.step();
  assert.deepEqual(again.inserted, [['v2 a', 'v1 b']]);
  assert.equal(again.done(), 1);
});

test('ChunkedOpen: nothing to open is done at once', () => {
  let done = 0;
  const open = new ChunkedOpen(
    [],
    () => 0,
    () => assert.fail('nothing to insert'),
    () => assert.fail('nothing to schedule'),
    () => 0,
    8,
    () => done++,
  );
  assert.equal(open.pending, 0);
  assert.equal(done, 1);
});
