import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { renderSplit } from '../../src/webview/markdown';
import { MARKDOWN_PIECE_CHARS, markdownPieces } from '../../src/webview/markdownPieces';
import { createMarkdown } from '../../src/webview/markdownRenderer';
import { seededRandom } from './helpers';

const md = createMarkdown();
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

/** Streams `text` in random small deltas the way StreamingAnswer does and returns the whole HTML. */
function streamRender(text: string, seed: number): string {
  const random = seededRandom(seed);
  let html = '';
  let pending = '';
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(random() * 200);
    pending += text.slice(i, i + size);
    i += size;
    const split = renderSplit(md, pending, false);
    html += split.finishedHtml;
    pending = pending.slice(split.finishedChars);
  }
  return html + renderSplit(md, pending, true).finishedHtml;
}

test('long real answers render byte-identical to one markdown-it render, whole and streamed', () => {
  for (const name of ['answer-30k.md', 'answer-120k.md']) {
    const text = fixture(name);
    const full = md.render(text);
    assert.equal(renderSplit(md, text, true).finishedHtml, full, name);
    assert.equal(streamRender(text, 11), full, `${name} streamed`);
  }
  // The 120 KB answer really is rendered in pieces (else this test would not test them).
  assert.ok(markdownPieces(fixture('answer-120k.md')).length >= 4);
});

test('pieces cover the text exactly, stay within the limit, and never cut a code fence', () => {
  const line = fc.constantFrom('para text here', '', '- item', '1. one', '```ts', '```', '~~~', '> quote', '    indented', '| a | b |', 'x'.repeat(70));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 200 }), fc.integer({ min: 40, max: 400 }), (lines, limit) => {
      const text = lines.join('\n');
      const pieces = markdownPieces(text, limit);
      assert.equal(pieces.join(''), text);
      let fence = ''; // the open fence's marker, or ''
      for (const piece of pieces) {
        // A piece over the limit is one that ran on to close a fence, or the rest of an open one.
        if (piece.length > limit) assert.match(piece, /^ {0,3}(```|~~~)/m);
        for (const l of piece.split('\n')) {
          const marker = /^(```|~~~)/.exec(l)?.[1];
          if (marker && !fence) fence = marker;
          else if (marker === fence && l === marker) fence = '';
        }
        if (piece !== pieces[pieces.length - 1]) assert.equal(fence, '', JSON.stringify(pieces));
      }
    }),
    { seed: 16, numRuns: 300 },
  );
});

test('a giant code block is one piece and renders as one block', () => {
  const code = `Intro\n\n\`\`\`ts\n${'const a = 1;\n'.repeat(8000)}\`\`\`\n\nAfter.\n`;
  assert.equal(renderSplit(md, code, true).finishedHtml, md.render(code));
});

test('hostile text: no markdown-it call sees more than a piece, also while it streams', () => {
  const parsed: number[] = [];
  const counting = Object.create(md) as typeof md;
  counting.parse = (source, env) => {
    parsed.push(source.length);
    return md.parse(source, env);
  };
  const text = '[a]('.repeat(64 * 1024) + '\n' + '*a'.repeat(64 * 1024);
  renderSplit(counting, text, true);
  assert.ok(Math.max(...parsed) <= MARKDOWN_PIECE_CHARS, `largest call ${Math.max(...parsed)}`);
  assert.equal(
    parsed.reduce((a, b) => a + b, 0),
    text.length,
  );
});
