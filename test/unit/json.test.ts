import assert from 'node:assert/strict';
import { test } from 'node:test';
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
