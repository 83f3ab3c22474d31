import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSplit, tidyOpenMarkers } from '../../src/webview/markdown';
import { createMarkdown } from '../../src/webview/markdownRenderer';
import { advancedAnswer, customAnswer, expressAnswer } from '../../src/demo/answers';
import { splitDeltas } from '../servers/you-server';
import { seededRandom } from './helpers';

const md = createMarkdown();

/** Streams `text` through renderSplit the way the webview does, committing finished blocks as it goes. */
function streamRender(text: string, pieces: string[]): string {
  let committedHtml = '';
  let committed = 0;
  let source = '';
  for (const piece of pieces) {
    source += piece;
    const split = renderSplit(md, source.slice(committed), false);
    committedHtml += split.finishedHtml;
    committed += split.finishedChars;
  }
  assert.equal(source, text);
  return committedHtml + renderSplit(md, source.slice(committed), true).finishedHtml;
}

test('incremental rendering ends in exactly the full render, for every demo answer and random chunkings', () => {
  const answers = [expressAnswer('Q'), advancedAnswer('Q'), customAnswer('Q', '63773261-b4de-4d8f-9dfd-cff206a5cb51')];
  const random = seededRandom(7);
  for (const answer of answers) {
    const full = md.render(answer);
    assert.equal(streamRender(answer, splitDeltas(answer)), full);
    for (let round = 0; round < 30; round++) {
      const pieces: string[] = [];
      for (let i = 0; i < answer.length; ) {
        const size = 1 + Math.floor(random() * 40);
        pieces.push(answer.slice(i, i + size));
        i += size;
      }
      assert.equal(streamRender(answer, pieces), full, `round ${round}`);
    }
  }
});

test('finished blocks are committed while streaming; only the last block stays open', () => {
  const split = renderSplit(md, '# Title\n\nFirst paragraph.\n\nSecond par', false);
  assert.equal(split.finishedHtml, '<h1>Title</h1>\n<p>First paragraph.</p>\n');
  assert.equal(split.finishedChars, '# Title\n\nFirst paragraph.\n\n'.length);
  assert.equal(split.tailHtml, '<p>Second par</p>\n');
});

test('an open code fence stays in the tail and renders as code while it grows', () => {
  const split = renderSplit(md, 'Intro\n\n```ts\nconst a = 1;\n', false);
  assert.equal(split.finishedHtml, '<p>Intro</p>\n');
  assert.match(split.tailHtml, /^<pre><code class="language-ts">const a = 1;\n<\/code><\/pre>/);
});

test('dangling bold and inline code are closed while streaming, left alone inside fences', () => {
  assert.equal(tidyOpenMarkers('some **bold'), 'some **bold**');
  assert.equal(tidyOpenMarkers('call `foo('), 'call `foo(`');
  assert.equal(tidyOpenMarkers('done **bold** text'), 'done **bold** text');
  assert.equal(tidyOpenMarkers('```js\nlet a = `x'), '```js\nlet a = `x');
  assert.equal(renderSplit(md, 'A **half', false).tailHtml, '<p>A <strong>half</strong></p>\n');
});

test('hostile Markdown: raw HTML is escaped, javascript: links are not links', () => {
  const html = md.render('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](data:image/png;base64,AA==)');
  assert.doesNotMatch(html, /<script|<img/);
  assert.doesNotMatch(html, /href="javascript:/);
  assert.doesNotMatch(html, /href="data:/);
});
