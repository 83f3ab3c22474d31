import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { markCitationLinks, type KnownCitation } from '../../src/webview/citationLinks';
import { createMarkdown } from '../../src/webview/markdownRenderer';
import { highlightClasses, sanitizeHighlighted, sanitizeToFragment } from '../../src/webview/sanitize';
import { installNodeDom } from '../tools/nodeDom';

/**
 * The webview's sanitiser and citation marking in plain Node, on linkedom (the Chromium tests in
 * highlight-webview.test.ts and e2e cover the real browser).
 */
before(() => installNodeDom());

const html = (fragment: DocumentFragment): string => {
  const box = document.createElement('div');
  box.append(fragment);
  return box.innerHTML;
};

test('the sanitiser keeps the allowlist and drops scripts, handlers, styles and non-http(s) links', () => {
  const out = html(
    sanitizeToFragment(
      '<p onclick="x()">Hi <strong>there</strong><script>alert(1)</script><img src=x onerror=alert(1)>' +
        '<a href="javascript:alert(1)">js</a> <a href="https://ok.example/" title="t" onmouseover="y">ok</a>' +
        '<a href="data:text/html,x">data</a><blurb>kept text</blurb><iframe src="https://e.com">gone</iframe></p>' +
        '<svg><a href="https://e.com">svg link</a></svg><table><tr><td style="text-align: center">c</td><td style="color: red">d</td></tr></table>' +
        '<ol start="3" type="i"><li>three</li></ol><pre><code class="language-ts evil">x</code></pre><pre><code class="language-ts">y</code></pre>',
    ),
  );
  assert.doesNotMatch(out, /script|onerror|onclick|onmouseover|<img|iframe|gone|svg|javascript:|data:|blurb|color|type=/i);
  assert.match(out, /<p>Hi <strong>there<\/strong>js <a href="https:\/\/ok\.example\/" title="t">ok<\/a>datakept text<\/p>/);
  assert.match(out, /<td class="align-center">c<\/td><td>d<\/td>/);
  assert.match(out, /<ol start="3"><li>three<\/li><\/ol>/);
  assert.match(out, /<code>x<\/code>/);
  assert.match(out, /<code class="language-ts">y<\/code>/);
});

test('hostile Markdown through markdown-it and the sanitiser yields no raw tag, handler or non-http(s) link', () => {
  const md = createMarkdown();
  const source = [
    '<script>alert(1)</script> <img src=x onerror=alert(1)>',
    '[click](javascript:alert(1)) [data](data:text/html,x) [ok](https://ok.example/)',
    '![img](javascript:alert(2)) ![pic](https://e.com/p.png)',
    '<a href="javascript:alert(3)">raw</a>',
  ].join('\n\n');
  const out = html(sanitizeToFragment(md.render(source)));
  assert.doesNotMatch(out, /<script|<img|<a href="(?!https?:)/);
  assert.doesNotMatch(out, /<[^>]*\son\w+=/, 'no event-handler attribute (escaped text may mention one)');
  assert.match(out, /<a href="https:\/\/ok\.example\/">ok<\/a>/);
  assert.match(out, /<a href="https:\/\/e\.com\/p\.png">pic<\/a>/);
});

test('highlighter output keeps only hljs spans', () => {
  const out = html(sanitizeHighlighted('<span class="hljs-keyword evil" onclick="x">const</span><b>bold</b><script>1</script>'));
  assert.equal(out, '<span class="hljs-keyword">const</span>bold');
  assert.deepEqual(highlightClasses('hljs-string x hljs-'), ['hljs-string']);
});

test('a link is styled as citation n only when its href is the URL of source n', () => {
  const known = new Map<string, KnownCitation>([
    ['1', { url: 'https://docs.example/a b', title: 'Docs — docs.example', name: 'Source 1: Docs, docs.example' }],
    ['2', { url: 'https://other.example/', title: 'Other — other.example', name: 'Source 2: Other, other.example' }],
  ]);
  const md = createMarkdown();
  const fragment = sanitizeToFragment(
    md.render('See [[1]](https://docs.example/a%20b), [1](https://phish.example/login), [2](https://other.example), [3](https://x.example/) and [[2]](https://docs.example/a%20b).'),
  );
  markCitationLinks(fragment, known);
  const links = Array.from(fragment.querySelectorAll('a')).map((a) => [a.textContent, a.className, a.getAttribute('title'), a.getAttribute('aria-label')]);
  assert.deepEqual(links, [
    ['1', 'cite', 'Docs — docs.example', 'Source 1: Docs, docs.example'],
    ['1', '', null, null],
    ['2', 'cite', 'Other — other.example', 'Source 2: Other, other.example'],
    ['3', '', null, null],
    ['[2]', '', null, null],
  ]);
});

test('links marked before the sources changed are checked again; one that no longer matches loses the mark', () => {
  const root = sanitizeToFragment('<p><a href="https://docs.example/">[1]</a></p>');
  markCitationLinks(root, new Map([['1', { url: 'https://docs.example/', title: 'Docs', name: 'Source 1: Docs' }]]));
  assert.equal(root.querySelector('a')?.className, 'cite');
  markCitationLinks(root, new Map([['1', { url: 'https://elsewhere.example/', title: 'Else', name: 'Source 1: Else' }]]));
  const link = root.querySelector('a')!;
  assert.equal(link.className, '');
  assert.equal(link.getAttribute('title'), null);
  assert.equal(link.getAttribute('data-cite'), null);
  assert.equal(link.getAttribute('aria-label'), null);
});
