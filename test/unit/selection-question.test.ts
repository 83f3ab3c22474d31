import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineSpan, selectionLabel, selectionQuestion } from '../../src/core/context/selection';

test('a one-line selection is shown as cart.ts:7, several lines as cart.ts:7-9', () => {
  assert.equal(lineSpan('cart.ts', 7, 7), 'cart.ts:7');
  assert.equal(lineSpan('cart.ts', 7, 9), 'cart.ts:7-9');
  assert.equal(selectionLabel('Explain this code', 'src/cart.ts', 7, 7), 'Explain this code — src/cart.ts:7');
});

test('the selection question fences the code with a fence it cannot close, whatever backticks or tildes it holds', () => {
  for (const code of ['let a = 1;', 'x = """```"""', 'a ```` b', '~~~~\nnot a fence for us']) {
    const text = selectionQuestion('Why?', code, 'ts', 'cart.ts', 3, 4);
    const [, body] = text.split('File: cart.ts (lines 3-4), language: ts\n\n');
    const fence = /^(`{3,})ts\n/.exec(body!)?.[1];
    assert.ok(fence, body);
    assert.ok(body!.endsWith(`\n${fence}`));
    assert.equal(body!.slice(fence.length + 3, -(fence.length + 1)), code);
    assert.ok(!code.includes(fence), `the code contains the fence ${fence}`);
  }
  assert.match(selectionQuestion('Why?', 'x', 'ts', 'cart.ts', 5, 5), /\(line 5\)/);
});
