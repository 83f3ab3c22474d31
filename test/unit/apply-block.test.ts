import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyBlock,
  conflictOf,
  fitBlock,
  locateAnchor,
  trackRange,
  trackRangeThrough,
  type OffsetRange,
  type TextChange,
} from '../../src/core/context/applyBlock';

/** Applies a change to text the way an editor would, to check tracking against the real result. */
const edit = (text: string, c: TextChange) => text.slice(0, c.offset) + c.text + text.slice(c.offset + c.length);
const slice = (text: string, r: OffsetRange) => text.slice(r.start, r.end);

const doc = 'header\nfunction f() {\n  return 1;\n}\nfooter\n';
const selected = 'function f() {\n  return 1;\n}\n';
const range = { start: doc.indexOf(selected), end: doc.indexOf(selected) + selected.length };

test('an edit above the range shifts it; the range still holds the selected code', () => {
  const change = { offset: 0, length: 6, text: '// a longer header' };
  const moved = trackRange(range, change);
  assert.equal(slice(edit(doc, change), moved), selected);
  const deletion = { offset: 0, length: 7, text: '' };
  assert.equal(slice(edit(doc, deletion), trackRange(range, deletion)), selected);
});

test('an insertion right at the start is above the range; one right at the end is below it', () => {
  const before = { offset: range.start, length: 0, text: '// note\n' };
  assert.equal(slice(edit(doc, before), trackRange(range, before)), selected);
  const after = { offset: range.end, length: 0, text: 'more\n' };
  assert.deepEqual(trackRange(range, after), range);
});

test('edits below the range leave it alone', () => {
  const change = { offset: doc.indexOf('footer'), length: 6, text: 'the end' };
  assert.deepEqual(trackRange(range, change), range);
});

test('an edit inside the range grows or shrinks it with the edit', () => {
  const change = { offset: doc.indexOf('1;'), length: 1, text: '42' };
  const text = edit(doc, change);
  assert.equal(slice(text, trackRange(range, change)), 'function f() {\n  return 42;\n}\n');
});

test('an edit across an edge joins the range: the new text is part of what the block replaces', () => {
  const change = { offset: doc.indexOf('er\nfunction'), length: 5, text: 'ER\nfu' };
  const text = edit(doc, change);
  assert.equal(slice(text, trackRange(range, change)), 'ER\nfunction f() {\n  return 1;\n}\n');
  const whole = { offset: 0, length: doc.length, text: 'replaced' };
  assert.deepEqual(trackRange(range, whole), { start: 0, end: 'replaced'.length });
});

test('several changes of one event refer to the text before it and are applied last to first', () => {
  const changes = [
    { offset: 0, length: 0, text: '// 1\n' },
    { offset: doc.indexOf('footer'), length: 0, text: 'x' },
  ];
  const after = edit(edit(doc, changes[1]!), changes[0]!);
  assert.equal(slice(after, trackRangeThrough(range, changes)), selected);
});

test('applying a block replaces exactly the range, or inserts at an empty one', () => {
  assert.equal(applyBlock(doc, range, 'const f = () => 1;\n'), 'header\nconst f = () => 1;\nfooter\n');
  assert.equal(applyBlock('ab', { start: 1, end: 1 }, 'X'), 'aXb');
  assert.equal(applyBlock('ab', { start: 5, end: 9 }, 'X'), 'abX', 'a range past the end is clamped');
});

test('a block replacing whole lines keeps the line break; CRLF documents get CRLF', () => {
  assert.equal(fitBlock('a\nb', 'x\ny\n', '\n'), 'a\nb\n');
  assert.equal(fitBlock('a\nb\n', 'x\n', '\n'), 'a\nb\n');
  assert.equal(fitBlock('a\nb', 'x', '\n'), 'a\nb');
  assert.equal(fitBlock('a\nb', 'x\r\n', '\r\n'), 'a\r\nb\r\n');
  assert.equal(fitBlock('a', '', '\n'), 'a', 'an insertion at the cursor gets no line break added');
  assert.equal(fitBlock('a\n', '', '\n'), 'a\n', 'an insertion keeps the block as it is');
});

test('a block replacing a line selected without its break (Home, Shift+End) leaves no empty line after it', () => {
  // Code blocks come from the webview with the line break that ends the fence's last line.
  const text = 'const n = 1;\nfooter\n';
  const line = { start: 0, end: 'const n = 1;'.length };
  assert.equal(applyBlock(text, line, fitBlock('const n = 2;\nconst m = 3;\n', slice(text, line), '\n')), 'const n = 2;\nconst m = 3;\nfooter\n');
  assert.equal(fitBlock('a\r\nb\r\n', 'x', '\r\n'), 'a\r\nb');
  assert.equal(fitBlock('a\nb', 'x', '\n'), 'a\nb');
});

test('a proposal conflicts once the document has another version or text, or is closed', () => {
  const proposal = { version: 3, text: doc };
  assert.equal(conflictOf(proposal, { version: 3, text: doc }), undefined);
  assert.equal(conflictOf(proposal, { version: 4, text: `${doc}x` }), 'changed');
  assert.equal(conflictOf(proposal, { version: 4, text: doc }), 'changed', 'an edit undone is still a new version');
  assert.equal(conflictOf(proposal, { version: 3, text: 'other' }), 'changed', 'same version, other text (reloaded from disk)');
  assert.equal(conflictOf(proposal, undefined), 'closed');
});

test('an anchor is trusted at its version; otherwise its original code is looked for', () => {
  const anchor = { range, original: selected, version: 5 };
  assert.deepEqual(locateAnchor(anchor, doc, 5), range);
  // Edits were missed (version moved on): found at the old place, or moved, if it occurs once.
  assert.deepEqual(locateAnchor(anchor, doc, 9), range);
  const moved = `// added\n${doc}`;
  assert.equal(slice(moved, locateAnchor(anchor, moved, 9)!), selected);
  assert.equal(locateAnchor(anchor, 'nothing like it', 9), undefined);
  assert.equal(locateAnchor(anchor, `${selected}${selected}`, 9), undefined, 'ambiguous: twice in the text');
});
