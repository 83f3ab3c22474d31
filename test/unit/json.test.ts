import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_JSON_DEPTH, parseRemoteJson } from '../../src/core/json';

test('JSON from a server: parsed as JSON.parse would, but nesting past the limit is refused before parsing', () => {
  assert.deepEqual(parseRemoteJson(' {"a": [1, {"b": "[[[[ not nesting ]]]] \\" {{"}]}'), { a: [1, { b: '[[[[ not nesting ]]]] " {{' }] });
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  assert.doesNotThrow(() => parseRemoteJson(deep(MAX_JSON_DEPTH)));
  assert.throws(() => parseRemoteJson(deep(MAX_JSON_DEPTH + 1)), /nested deeper/);
  assert.throws(() => parseRemoteJson('['.repeat(1_000_000)), /nested deeper/);
  for (const text of ['<!DOCTYPE html>', '', '   ', 'undefined']) assert.throws(() => parseRemoteJson(text), SyntaxError, text);
  for (const text of ['12', '-1', 'true', 'null', '"s"', `${' '.repeat(100)}{}`]) assert.deepEqual(parseRemoteJson(text), JSON.parse(text));
});

test('the depth limit holds however the brackets are spread: in strings, side by side, nested (seeded property)', () => {
  // A value `depth` levels deep whose strings hold brackets and whose arrays hold siblings: with few
  // brackets in all the scan is skipped (src/core/json.ts, fewOpenings), with many it runs.
  const valueOf = (depth: number, noise: string, siblings: number): unknown => {
    let value: unknown = noise;
    for (let level = 0; level < depth; level++) value = level % 2 ? { k: value, s: noise } : [value, ...Array(siblings).fill([noise])];
    return value;
  };
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: MAX_JSON_DEPTH + 8 }),
      fc.string({ unit: fc.constantFrom('[', '{', ']', '}', '"', '\\', 'a'), maxLength: 90 }),
      fc.integer({ min: 0, max: 3 }),
      (depth, noise, siblings) => {
        const text = JSON.stringify(valueOf(depth, noise, siblings));
        // The innermost array's siblings (`[noise]`) are one level deeper than the chain.
        const nesting = depth + (depth > 0 && siblings > 0 ? 1 : 0);
        if (nesting <= MAX_JSON_DEPTH) assert.deepEqual(parseRemoteJson(text), JSON.parse(text));
        else assert.throws(() => parseRemoteJson(text), /nested deeper/);
      },
    ),
    { seed: 21, numRuns: 300 },
  );
});
