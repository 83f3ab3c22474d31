import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import type { Conversation } from '../../src/core/conversation';
import type { Citation } from '../../src/core/events';
import { answerToMarkdown, conversationToMarkdown, escapeInline, linkTarget, sourceLine } from '../../src/core/exportMarkdown';
import { sourcesMarkdown } from '../../src/host/common/nativeChat/render';

function exported(citations: Citation[]): string {
  const conversation: Conversation = {
    id: 'c',
    title: 'Sources',
    createdAt: 0,
    updatedAt: 0,
    turns: [{ id: 't', question: 'q', agentId: 'a', agentLabel: 'A', answer: 'answer', citations, status: 'done', startedAt: 0 }],
  };
  return conversationToMarkdown(conversation);
}

/** The Sources list rendered by a CommonMark renderer with raw HTML on: what a reader's viewer would show. */
function renderedSources(markdown: string): string {
  const html = new MarkdownIt({ html: true, linkify: false }).render(markdown);
  return html.slice(html.indexOf('<h3>Sources</h3>'));
}

const cite = (index: number, url: string, title: string, snippet = ''): Citation => ({ index, url, title, snippet, host: '' });

test('hostile titles cannot inject Markdown or HTML', () => {
  const md = exported([
    cite(1, 'https://a.example/', 'Fine](javascript:alert(1)) [x'),
    cite(2, 'https://b.example/', 'line one\n\n# Heading\n<img src=x onerror=alert(1)>'),
    cite(3, 'https://c.example/', '`code` **bold** ![img](https://t.example/p.png) \\'),
  ]);
  const sources = md.slice(md.indexOf('### Sources'));
  assert.equal(sources.split('\n').filter((l) => /^\d+\. /.test(l)).length, 3, 'each source stays on one line');
  const html = renderedSources(md);
  assert.equal((html.match(/<a /g) ?? []).length, 3, html);
  assert.doesNotMatch(html, /href="javascript|<img|<h1|<code>|<strong>/);
  assert.match(html, /<a href="https:\/\/a\.example\/">Fine\]\(javascript:alert\(1\)\) \[x<\/a>/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
});

test('hostile URLs cannot break out of the link; non-http URLs become plain text', () => {
  const md = exported([
    cite(1, 'https://a.example/x) [evil](javascript:alert(1)', 'A'),
    cite(2, 'https://b.example/p?q=a b&r=<c>', 'B'),
    cite(3, 'javascript:alert(1)', 'C'),
    cite(4, 'data:text/html,<script>alert(1)</script>', 'D'),
  ]);
  const html = renderedSources(md);
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(hrefs, ['https://a.example/x%29%20%5Bevil%5D%28javascript:alert%281%29', 'https://b.example/p?q=a%20b&amp;r=%3Cc%3E']);
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /C — javascript:alert\(1\)/);
});

test('non-string titles or URLs from an old history file do not crash the export', () => {
  const broken = { index: 1, url: 42, title: { t: 1 }, snippet: null, host: '' } as unknown as Citation;
  assert.match(exported([broken]), /### Sources\n\n1\. \(untitled source\)\n$/);
  const noTitle = { index: 2, url: 'https://a.example/', title: 7, snippet: '', host: '' } as unknown as Citation;
  assert.match(exported([noTitle]), /2\. \[https:\/\/a\.example\/\]\(https:\/\/a\.example\/\)/);
});

test('escapeInline and linkTarget', () => {
  assert.equal(escapeInline('a [b] `c` <d>\ne'), 'a \\[b\\] \\`c\\` &lt;d&gt; e');
  assert.equal(linkTarget('https://x.example/a b(c)'), 'https://x.example/a%20b%28c%29');
  assert.equal(linkTarget('ftp://x.example/'), undefined);
});

test('one Sources renderer: VS Code Chat, the model and the export write the same line for the same source, escaped alike', () => {
  const hostile: Citation = {
    index: 4,
    url: 'https://a.example/x) [evil](javascript:alert(1)',
    title: 'T <img src=x onerror=alert(1)> ![i](https://t.example/p.png) &amp; #1 | ~x~',
    snippet: '',
    host: 'a.example',
  };
  const chat = sourcesMarkdown([hostile]);
  const line = chat.split('\n').find((l) => l.startsWith('4. '));
  assert.equal(line, sourceLine(hostile, hostile.host));
  const exportedLine = answerToMarkdown({ answer: 'a', citations: [{ ...hostile, snippet: hostile.host }] }).split('\n').find((l) => l.startsWith('4. '));
  assert.equal(exportedLine, line);
  const html = new MarkdownIt({ html: true, linkify: false }).render(chat);
  assert.equal((html.match(/<a /g) ?? []).length, 1, html);
  assert.doesNotMatch(html, /<img|href="javascript|<del>|<s>/);
});
