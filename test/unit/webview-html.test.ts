import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { HostMessage, ViewState } from '../../src/shared/messages';
import type * as HtmlEntry from '../tools/webviewHtmlEntry';
import { CHROMIUM_ARGS } from '../bench/render-bench';
import { requireWithFakeVscode } from './helpers';

/**
 * The chat page as src/host/webviewHtml.ts writes it: the webview bundle and the stylesheets are
 * written into the page (no request per file), under a CSP that runs and styles only what carries
 * the page's nonce; nothing in those files can end their element early.
 */
const ROOT = join(__dirname, '..', '..');
const INLINED = ['webview.js', 'webview-markdown.js', 'webview-style.css', 'codicons/codicon.css'];
let mod: typeof HtmlEntry;

before(async () => {
  mod = await requireWithFakeVscode<typeof HtmlEntry>('test/tools/webviewHtmlEntry.ts');
});

const webview = { cspSource: 'https://webview.test', asWebviewUri: (uri: { path: string }) => ({ toString: () => `https://webview.test${uri.path}` }) };
const page = (first: HostMessage[] = [], distText?: (file: string, encoding?: 'base64') => string) =>
  mod.chatHtml(webview as never, new mod.Uri(ROOT) as never, 'Chat', first, distText);

function withTurns(): HostMessage[] {
  const state = {
    conversation: { id: 'c', title: 'T', createdAt: 0, updatedAt: 0, turns: [{ id: 't', question: 'q', answer: 'a', citations: [], status: 'done' }] },
    agents: [],
  } as unknown as ViewState;
  return [{ type: 'state', state }];
}

const opening = (html: string, tag: string) => [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'gi'))].map((m) => m[0]);

test('the built bundles and stylesheets hold nothing that would end their element early or keep it from ending', () => {
  for (const file of INLINED) {
    const text = readFileSync(join(ROOT, 'dist', file), 'utf8');
    assert.doesNotMatch(text, /<\/script|<\/style|<script/i, `dist/${file} (run npm run build first)`);
  }
});

test('the page carries the real bundle and stylesheets, read from dist/, and names the chunks folder for later loads', () => {
  const html = page();
  assert.ok(html.includes(readFileSync(join(ROOT, 'dist/webview.js'), 'utf8')), 'the webview bundle is in the page');
  assert.ok(html.includes(readFileSync(join(ROOT, 'dist/webview-style.css'), 'utf8')), 'the stylesheet is in the page');
  assert.ok(!html.includes(readFileSync(join(ROOT, 'dist/webview-markdown.js'), 'utf8')), 'no Markdown renderer before any turn');
  assert.match(html, /data-chunks="https:\/\/webview\.test\/[^"]*\/dist\/"/);
  // The icon font rides in the page as base64 (src/webview/iconFont.ts adds it): no stylesheet names a file.
  for (const style of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) assert.doesNotMatch(style[1]!, /url\(|@font-face/);
  const font = readFileSync(join(ROOT, 'dist/codicons/codicon.ttf')).toString('base64');
  assert.ok(html.includes(`<script type="application/octet-stream" id="icon-font">${font}</script>`), 'the icon font is in the page');
  assert.doesNotMatch(html, /<link\b|<script\b[^>]*\bsrc=/i);
  // A page that opens on turns carries the renderer before the bundle.
  const onTurns = page(withTurns());
  const markdownAt = onTurns.indexOf(readFileSync(join(ROOT, 'dist/webview-markdown.js'), 'utf8'));
  assert.ok(markdownAt > 0 && markdownAt < onTurns.indexOf(readFileSync(join(ROOT, 'dist/webview.js'), 'utf8')));
});

test('only what carries the nonce runs or styles: every script and style element has it, and the CSP allows nothing inline else', () => {
  const html = page(withTurns());
  const csp = /content="([^"]*)"/.exec(opening(html, 'meta').find((m) => m.includes('Content-Security-Policy'))!)![1]!.replace(/&#39;/g, "'");
  const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(csp)?.[1];
  assert.ok(nonce && nonce.length >= 16, csp);
  assert.match(csp, new RegExp(`style-src 'nonce-${nonce}'(;|$)`));
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|connect-src|font-src/);
  // Data elements (JSON, the icon font's bytes): a type the browser never runs.
  const executable = opening(html, 'script').filter((tag) => !/type="application\/(json|octet-stream)"/.test(tag));
  assert.equal(executable.length, 2); // the Markdown renderer and the bundle
  for (const tag of [...executable, ...opening(html, 'style')]) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
});

test('a file that tries to end its element, or to keep it open, stays inside it: the browser sees exactly the elements of the page', async () => {
  const script = `window.__ran = (window.__ran || 0) + 1;
    var a = "</script><script>window.__pwned = 1</script>", b = '<!--<script>', c = '</STYLE><SCRIPT>window.__pwned = 2</SCRIPT>';`;
  const style = 'body::after { content: "</style><script nonce=x>window.__pwned = 3</script>"; }';
  const hostile = (file: string) => (file.endsWith('.css') ? style : script);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const first of [[], withTurns()]) {
      const tab = await browser.newPage();
      await tab.setContent(page(first, hostile));
      const seen = await tab.evaluate(() => {
        const w = window as unknown as { __ran?: number; __pwned?: number };
        return { scripts: document.scripts.length, styles: document.querySelectorAll('style').length, ran: w.__ran, pwned: w.__pwned };
      });
      // l10n, first messages, the icon font (left out: what was read is not base64), (the renderer,) the bundle; each ran once and nothing else did.
      const executable = first.length ? 2 : 1;
      assert.deepEqual(seen, { scripts: 3 + executable, styles: 2, ran: executable, pwned: undefined });
      await tab.close();
    }
  } finally {
    await browser.close();
  }
});
