import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { iconFontElement } from '../../src/shared/iconFont';
import { CHROMIUM_ARGS } from '../bench/render-bench';
import { buildWebviewBundles } from '../tools/webviewBundles';

/**
 * What the chat loads after it opens, in headless Chromium under the webview's CSP: not the icon
 * font (it comes with the page), and the Markdown renderer only once an answer starts (loaded right
 * after the first paint, its 100 KB held up the first keys typed; npm run bench, view_reopen_ms).
 */
const ROOT = join(__dirname, '..', '..');
let dir = '';
let server: Server;
let origin = '';
let browser: Browser;
const requests = new Map<string, number>();

const page = (nonce: string) => `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; font-src 'none'; script-src 'nonce-${nonce}'">
<link rel="stylesheet" href="/dist/webview-style.css"><link rel="stylesheet" href="/dist/codicons/codicon.css">
<script nonce="${nonce}">window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState() {} });</script>
</head><body class="vscode-dark"><div id="app"></div>
${iconFontElement(readFileSync(join(ROOT, 'dist', 'codicons', 'codicon.ttf')).toString('base64'))}
<script nonce="${nonce}" src="/dist/webview.js"></script>
<script nonce="${nonce}">window.__iconsWithBundle = document.documentElement.classList.contains('icon-font');</script></body></html>`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lazy-parts-'));
  await buildWebviewBundles(dir);
  server = createServer((req, res) => {
    const path = normalize((req.url ?? '/').split('?')[0]!);
    if (path === '/') {
      return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(randomBytes(16).toString('hex')));
    }
    const file = path.replace(/^\/dist\//, '');
    requests.set(file, (requests.get(file) ?? 0) + 1);
    try {
      // The icon font and its classes as npm run build makes them; the rest built above from src/.
      const body = readFileSync(file.startsWith('codicons/') ? join(ROOT, 'dist', file) : join(dir, file));
      const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.ttf') ? 'font/ttf' : 'text/javascript';
      res.writeHead(200, { 'Content-Type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the chat opens with its icons from the page and without the Markdown renderer; the renderer loads when the user asks', { timeout: 60_000 }, async () => {
  const p = await browser.newPage();
  p.setDefaultTimeout(30_000);
  await p.goto(`${origin}/`);
  const conversation = { id: 'c1', title: 'T', createdAt: 0, updatedAt: 0, turns: [] };
  const agents = [{ id: 'a', label: 'Agent', group: 'G' }];
  const state = { conversation, agents, selectedAgentId: 'a', ready: true, demo: false, activeTurnId: null, phase: 'idle', sendKey: 'enter' };
  await p.evaluate((s) => window.postMessage({ type: 'state', state: s }, '*'), state);
  await p.locator('.composer-input').waitFor({ state: 'visible' });

  // The icon font comes with the page (as the host writes it): loaded, its icons shown, and never fetched.
  // Checked by the page's next script, right after the bundle ran: before anything could be painted.
  assert.equal(await p.evaluate(() => (window as unknown as { __iconsWithBundle?: boolean }).__iconsWithBundle), true, 'icons shown with the first paint');
  assert.ok(await p.evaluate(() => [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'codicon' && f.status === 'loaded')));
  assert.equal(await p.locator('.composer .codicon-send').evaluate((el) => getComputedStyle(el, '::before').visibility), 'visible');
  const sendWidth = await p.locator('.composer .codicon-send').evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(sendWidth >= 14 && sendWidth <= 18, `the send icon is a 16px glyph of the icon font (${sendWidth})`);
  assert.equal(requests.get('codicons/codicon.ttf') ?? 0, 0);

  // Long after the first paint, with nothing asked: no renderer.
  await p.evaluate(() => new Promise((done) => setTimeout(done, 1_000)));
  assert.equal(requests.get('webview-markdown.js') ?? 0, 0);
  assert.equal(await p.evaluate(() => 'youAgentsMarkdown' in window), false);

  await p.locator('.composer-input').fill('What is Rust?');
  await p.locator('.composer-input').press('Enter');
  await p.waitForFunction(() => 'youAgentsMarkdown' in window);
  assert.equal(requests.get('webview-markdown.js'), 1);
  // The page said it was idle after a second without the user: the host loads the rest of the extension then (src/host/standIns.ts).
  assert.deepEqual(await p.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.map((m) => m.type)), ['ready', 'idle', 'ask']);
  await p.close();
});
