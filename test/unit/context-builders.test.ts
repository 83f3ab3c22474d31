import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attachmentsLabel, fileAttachment, fitAttachments, formatBytes, questionWithAttachments, terminalAttachment } from '../../src/core/context/attachments';
import { byteLength, fenceFor } from '../../src/core/context/fence';
import {
  codeText, PROBLEM_MAX_BYTES, PROBLEM_MAX_LINES, problemExcerpt, problemLabel, problemQuestion, type ProblemInfo,
} from '../../src/core/context/problem';

const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
const tsProblem: ProblemInfo = {
  message: "Type 'string' is not assignable to type 'number'.",
  code: 2322,
  source: 'ts',
  severity: 'error',
  range: { startLine: 9, startCharacter: 6, endLine: 9, endCharacter: 7 },
  languageId: 'typescript',
  file: 'src/broken.ts',
};

test('a problem question carries the message, code, source, severity, range, file, language and numbered lines around it', () => {
  const q = problemQuestion(tsProblem, lines);
  assert.match(q, /^Explain this problem and how to fix it\./);
  assert.match(q, /Problem: Type 'string' is not assignable to type 'number'\./);
  assert.match(q, /Severity: error, Source: ts, Code: 2322/);
  assert.match(q, /File: src\/broken\.ts \(line 10, columns 7-8\), language: typescript/);
  assert.match(q, /```typescript\n {3}5 \| line 5\n/);
  assert.match(q, /> 10 \| line 10\n/);
  assert.match(q, / {2}15 \| line 15\n```$/);
  assert.doesNotMatch(q, /line 4\b|line 16\b/, 'five lines above and below, no more');
});

test('a problem near the top or spanning lines is excerpted within the document and marks every line of it', () => {
  assert.equal(problemExcerpt(['a', 'b', 'c'], 0, 1, 5), '> 1 | a\n> 2 | b\n  3 | c');
  const multi = problemQuestion({ ...tsProblem, range: { startLine: 0, startCharacter: 0, endLine: 2, endCharacter: 4 } }, lines);
  assert.match(multi, /lines 1:1 to 3:5/);
});

test('a code with a documentation link is sent with the link; a missing source or code is left out', () => {
  const eslint = { ...tsProblem, code: { value: 'no-unused-vars', target: 'https://eslint.org/docs/rules/no-unused-vars' }, source: 'eslint', severity: 'warning' as const };
  assert.equal(codeText(eslint.code), 'no-unused-vars (https://eslint.org/docs/rules/no-unused-vars)');
  assert.match(problemQuestion(eslint, lines), /Severity: warning, Source: eslint, Code: no-unused-vars \(https:/);
  assert.match(problemQuestion({ ...tsProblem, code: undefined, source: undefined }, lines), /\nSeverity: error\n/);
  assert.equal(problemLabel(eslint), "eslint no-unused-vars: Type 'string' is not assignable to type 'number'. — src/broken.ts:10");
  assert.equal(problemLabel(tsProblem), "ts 2322: Type 'string' is not assignable to type 'number'. — src/broken.ts:10");
});

describe('a problem spanning a whole large file is capped (lines and bytes) and counted against context.maxKilobytes', () => {
  // 1.27 MB: 20,000 lines of 63 characters and a newline.
  const big = Array.from({ length: 20_000 }, (_, i) => `const value${String(i).padStart(5, '0')} = ${'x'.repeat(38)}; // filler`);
  const whole: ProblemInfo = { ...tsProblem, range: { startLine: 0, startCharacter: 0, endLine: big.length - 1, endCharacter: 10 } };

  test('the excerpt has at most PROBLEM_MAX_LINES lines and PROBLEM_MAX_BYTES bytes, and says what it left out', () => {
    assert.ok(byteLength(big.join('\n')) > 1_250_000);
    const q = problemQuestion(whole, big);
    assert.ok(byteLength(q) <= PROBLEM_MAX_BYTES + 1024, `${byteLength(q)} bytes`);
    const rows = q.split('\n').filter((l) => /^[> ] +\d+ \| /.test(l));
    assert.ok(rows.length <= PROBLEM_MAX_LINES && rows.length > 10, `${rows.length} rows`);
    assert.match(q, /\[lines \d+-20000 not included: the excerpt is capped at 60 lines and 16 KiB\]\n```$/);
  });

  test('a smaller context.maxKilobytes caps the whole question', () => {
    for (const kb of [1, 2, 4, 8]) {
      const q = problemQuestion(whole, big, undefined, kb * 1024);
      assert.ok(byteLength(q) <= kb * 1024, `${kb} KB: ${byteLength(q)} bytes`);
      assert.match(q, /Problem: Type 'string'/);
      const wordy = problemQuestion({ ...whole, message: '€'.repeat(5_000) }, big, undefined, kb * 1024);
      assert.ok(byteLength(wordy) <= kb * 1024, `${kb} KB, long message: ${byteLength(wordy)} bytes`);
    }
  });

  test('a huge message is cut, and only the lines shown are read', () => {
    let reads = 0;
    const lines = { count: 1_000_000, at: (i: number) => (reads++, `line ${i}`) };
    const q = problemQuestion({ ...whole, message: 'm'.repeat(500_000), range: { ...whole.range, endLine: 999_999 } }, lines);
    assert.ok(byteLength(q) < PROBLEM_MAX_BYTES + 4096, `${byteLength(q)} bytes`);
    assert.match(q, /m… \[message cut\]/);
    assert.ok(reads <= PROBLEM_MAX_LINES + 1, `${reads} lines read`);
  });

  test('a very long line is cut at 500 characters; a multi-byte line counts in UTF-8 bytes', () => {
    const wide = Array.from({ length: 200 }, () => '€'.repeat(400));
    const excerpt = problemExcerpt(wide, 0, 199, 5, 4096);
    assert.ok(byteLength(excerpt) <= 4096 + 200, `${byteLength(excerpt)}`);
    assert.match(excerpt, /not included/);
    assert.ok(problemExcerpt(['y'.repeat(10_000)], 0, 0).length < 600);
  });

  test('the label shows the size of what is sent', () => {
    const q = problemQuestion(whole, big);
    assert.match(problemLabel(whole, byteLength(q)), /— src\/broken\.ts:1 \(\d+(\.\d)? KiB\)$/);
  });
});

test('a code line with backticks cannot end the fence early', () => {
  assert.equal(fenceFor('plain'), '```');
  assert.equal(fenceFor('a ``` b ```` c'), '`````');
  const q = problemQuestion({ ...tsProblem, range: { startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 1 } }, ['const s = `x```;']);
  assert.match(q, /````typescript\n> 1 \| const s = `x```;\n````$/);
});

test('a file attachment is a fenced block with its path and language; its size is its UTF-8 size', () => {
  const a = fileAttachment('1', 'src/a.ts', 'typescript', 'const é = 1;');
  assert.equal(a.body, 'File: src/a.ts, language: typescript\n\n```typescript\nconst é = 1;\n```');
  assert.equal(a.bytes, byteLength(a.body));
  assert.equal(a.bytes, a.body.length + 1, 'é is two bytes');
  assert.equal(a.label, 'src/a.ts');
  const t = terminalAttachment('2', 'bash', '$ npm test\nfail\n', '⟦Terminal: bash⟧');
  assert.equal(t.label, '⟦Terminal: bash⟧', 'the chip shows the label the host worded');
  assert.match(t.body, /^Terminal output \(bash\):\n\n```text\n\$ npm test\nfail\n```$/);
});

test('attachments fit under the cap in order; what does not fit or is attached already is reported, not added', () => {
  const small = fileAttachment('1', 'a.ts', 'typescript', 'x'.repeat(100));
  const big = fileAttachment('2', 'big.ts', 'typescript', 'y'.repeat(1000));
  const other = fileAttachment('3', 'b.ts', 'typescript', 'z'.repeat(100));
  const result = fitAttachments([], [small, big, other], 400);
  assert.deepEqual(result.added.map((a) => a.id), ['1', '3']);
  assert.deepEqual(result.skipped, [{ label: 'big.ts', reason: 'too-large' }]);
  const again = fitAttachments([small], [fileAttachment('4', 'a.ts', 'typescript', 'x'.repeat(100))], 10_000);
  assert.deepEqual(again, { added: [], skipped: [{ label: 'a.ts', reason: 'duplicate' }] });
  // The cap counts what is attached already.
  assert.deepEqual(fitAttachments([small, other], [big], 1000).skipped, [{ label: 'big.ts', reason: 'too-large' }]);
});

test('the question sent holds every attachment after the text; the chat label names them', () => {
  const a = fileAttachment('1', 'a.ts', 'typescript', 'let a;');
  const t = terminalAttachment('2', 'bash', 'error', 'Terminal: bash');
  const word = (question: string, labels: string) => `⟦${question} [attached: ${labels}]⟧`;
  assert.equal(questionWithAttachments('Why?', []), 'Why?');
  assert.equal(attachmentsLabel('Why?', [], word), undefined);
  const q = questionWithAttachments('Why?', [a, t]);
  assert.equal(q, `Why?\n\nAttached context:\n\n${a.body}\n\n${t.body}`);
  assert.equal(attachmentsLabel('Why?', [a, t], word), '⟦Why? [attached: a.ts, Terminal: bash]⟧', 'the host words the label');
});

test('chip sizes', () => {
  assert.equal(formatBytes(340), '340 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(204_800), '200 KB');
});
