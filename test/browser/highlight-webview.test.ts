import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The chat webview's code highlighting in headless Chromium, under the same Content-Security-Policy
 * as in VS Code (scripts only with the page's nonce; no unsafe-inline, no unsafe-eval): the chunk
 * loads on the first code block, tokens follow the theme kind, hostile code stays text, and a chunk
 * that fails to load leaves blocks plain.
 */
const ROOT = join(__dirname, '..', '..');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'];
const HOSTILE = '</code><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\nconst ok = "</pre>";';
const ANSWER = [
  'Here is TypeScript:',
  '```ts\nexport function add(a: number, b: number): number {\n  return a + b; // sum\n}\nconst s = "text";\n```',
  'And Python:',
  '```python\ndef greet(name):\n    return f"hi {name}"\n```',
  '```typescript\n' + HOSTILE + '\n```',
  '```brainfuck\n++[>+<-]\n```',
].join('\n\n');

let dir = '';
let server: Server;
let base = '';
let browser: Browser;
const chunkRequests = { ok: 0, broken: 0 };

/** The webview's policy (src/host/webviewHtml.ts) with 'self' as the webview's resource origin; this page links its stylesheet (style-src 'self'). */
const csp = (nonce: string) =>
  `default-src 'none'; style-src 'self'; img-src 'self'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`;

function page(prefix: string, nonce: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/${prefix}/webview-style.css">
<script nonce="${nonce}">
  window.__name = (f) => f;
  window.__violations = []; window.__scriptErrors = 0;
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.addEventListener('error', (e) => { if (e.target && e.target.localName === 'script') window.__scriptErrors++; }, true);
  window.acquireVsCodeApi = () => ({ postMessage() {}, setState() {} });
</script></head><body class="vscode-dark"><div id="app"></div>
<script nonce="${nonce}" src="/${prefix}/webview.js"></script><script nonce="${nonce}" src="/${prefix}/sanitize-probe.js"></script></body></html>`;
}

/** A page as the host writes one that opens on turns: the turns chunk and the chat bundle written in, the bundle naming the chunks' folder. */
function pageOnTurns(prefix: string, nonce: string): string {
  const inline = (file: string) => readFileSync(join(dir, file), 'utf8').replace(/<\/script/gi, '<\\/script');
  const conversation = { id: 'c1', title: 'T', createdAt: 0, updatedAt: 0, turns: [turn('t1', ANSWER, 'done')] };
  const agents = [{ id: 'a', label: 'Agent', group: 'G' }];
  const state = { conversation, agents, selectedAgentId: 'a', ready: true, demo: false, activeTurnId: null, phase: 'idle', sendKey: 'enter' };
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/${prefix}/webview-style.css">
<script nonce="${nonce}">window.__name = (f) => f; window.acquireVsCodeApi = () => ({ postMessage() {}, setState() {} });</script></head>
<body class="vscode-dark"><div id="app"></div>
<script type="application/json" id="first-messages">${JSON.stringify([{ type: 'state', state }]).replace(/</g, '\\u003c')}</script>
<script nonce="${nonce}">${inline('webview-markdown.js')}</script>
<script nonce="${nonce}" data-chunks="/${prefix}/">${inline('webview.js')}</script></body></html>`;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hl-test-'));
  const common = { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'silent', outdir: dir } as const;
  await Promise.all([
    build({ ...common, entryPoints: { webview: join(ROOT, 'src/webview/main.ts'), 'webview-style': join(ROOT, 'src/webview/style.css') } }),
    // The Markdown renderer is loaded by the page itself (as when it opens without turns), under the CSP.
    build({ ...common, entryPoints: { 'webview-highlight': join(ROOT, 'src/webview/highlightChunk.ts') } }),
    build({ ...common, entryPoints: { 'webview-markdown': join(ROOT, 'src/webview/markdownChunk.ts') } }),
    build({
      ...common,
      stdin: {
        contents: [
          "import { sanitizeHighlighted } from './src/webview/sanitize';",
          "(window as any).sanitizeProbe = (html: string) => {",
          "  const d = document.createElement('div'); d.append(sanitizeHighlighted(html)); return d.innerHTML;",
          '};',
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile: join(dir, 'sanitize-probe.js'),
      outdir: undefined,
    }),
  ]);
  server = createServer((req, res) => {
    const [, prefix, file] = /^\/(ok|broken)\/([\w.-]+)$/.exec((req.url ?? '').split('?')[0]!) ?? [];
    if (!prefix || !file) return void res.writeHead(404).end();
    const nonce = randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, '');
    const html = file === 'page.html' ? page(prefix, nonce) : file === 'turns.html' ? pageOnTurns(prefix, nonce) : undefined;
    if (html) return void res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': csp(nonce) }).end(html);
    if (file === 'webview-highlight.js') chunkRequests[prefix as 'ok' | 'broken']++;
    if (file === 'webview-highlight.js' && prefix === 'broken') return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, file));
      res.writeHead(200, { 'Content-Type': file.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const turn = (id: string, answer: string, status: string) => ({
  id, question: 'Q', agentId: 'a', agentLabel: 'Agent', answer, citations: [], status, startedAt: 0,
});

async function open(prefix: 'ok' | 'broken'): Promise<Page> {
  const p = await browser.newPage({ viewport: { width: 700, height: 900 } });
  p.setDefaultTimeout(30_000); // generous: a loaded 2-core machine is slow, and every wait ends on its condition
  await p.goto(`${base}/${prefix}/page.html`);
  const conversation = { id: 'c1', title: 'T', createdAt: 0, updatedAt: 0, turns: [] };
  const agents = [{ id: 'a', label: 'Agent', group: 'G' }];
  const state = { conversation, agents, selectedAgentId: 'a', ready: true, demo: false, activeTurnId: null, phase: 'idle' };
  await p.evaluate((state) => window.postMessage({ type: 'state', state }, '*'), state);
  return p;
}

/** Streams `answer` as a new turn in a few deltas, then ends it. */
async function stream(p: Page, id: string, answer: string): Promise<void> {
  await p.evaluate(
    ({ id, answer, start, end }) => {
      window.postMessage({ type: 'turnStart', conversationId: 'c1', turn: start }, '*');
      for (let i = 0; i < answer.length; i += 40) window.postMessage({ type: 'delta', conversationId: 'c1', turnId: id, text: answer.slice(i, i + 40) }, '*');
      window.postMessage({ type: 'turnEnd', conversationId: 'c1', turn: end }, '*');
    },
    { id, answer, start: turn(id, '', 'streaming'), end: turn(id, answer, 'done') },
  );
  await p.waitForSelector(`.turn[data-turn-id="${id}"][data-status="done"]`);
}

const codeOf = (p: Page, id: string) =>
  p.$$eval(`.turn[data-turn-id="${id}"] .code-block`, (blocks) =>
    blocks.map((b) => ({
      language: (b as HTMLElement).dataset.language,
      text: b.querySelector('code')!.textContent,
      highlighted: b.querySelector('code')!.classList.contains('hljs'),
      spans: Array.from(b.querySelectorAll('code span'), (s) => [s.className, s.textContent]),
      others: Array.from(b.querySelectorAll('code *'), (e) => e.localName).filter((n) => n !== 'span'),
    })),
  );

test('code blocks are highlighted by the lazily loaded chunk under the strict CSP; hostile code stays text', async () => {
  const p = await open('ok');
  assert.equal(await p.evaluate(() => !!document.querySelector('script[src*="webview-highlight"]')), false, 'not loaded before a code block');
  await stream(p, 't1', ANSWER);
  await p.waitForFunction(() => document.querySelectorAll('.turn[data-turn-id="t1"] code.hljs').length === 3);
  const blocks = await codeOf(p, 't1');
  assert.deepEqual(blocks.map((b) => [b.language, b.highlighted]), [['ts', true], ['python', true], ['typescript', true], ['brainfuck', false]]);
  const [ts, py, hostile, plain] = blocks;
  assert.ok(ts!.spans.some(([c, t]) => c === 'hljs-keyword' && t === 'function'), JSON.stringify(ts!.spans));
  assert.ok(ts!.spans.some(([c, t]) => c === 'hljs-comment' && t === '// sum'));
  assert.ok(ts!.spans.some(([c, t]) => c === 'hljs-string' && t === '"text"'));
  assert.ok(py!.spans.some(([c, t]) => c === 'hljs-keyword' && t === 'def'), JSON.stringify(py!.spans));
  assert.equal(hostile!.text, HOSTILE + '\n');
  assert.deepEqual(plain!.spans, []);
  for (const block of blocks) {
    assert.deepEqual(block.others, [], 'only spans inside code');
    for (const [cls] of block.spans) assert.match(cls!, /^hljs-[a-z][\w-]*( hljs-[a-z][\w-]*)*$/);
  }
  assert.equal(await p.evaluate(() => document.querySelectorAll('.answer img, .answer script').length), 0);
  assert.equal(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  // Loaded once, with the page's nonce, and nothing was blocked by the policy.
  assert.equal(chunkRequests.ok, 1);
  const chunkNonce = await p.evaluate(() => (document.querySelector('script[src*="webview-highlight"]') as HTMLScriptElement).nonce ?? '');
  assert.ok(chunkNonce.length > 0);
  assert.deepEqual(await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
  await p.close();
});

test('a page that opens on turns, the turns chunk written into it, loads the highlighter from the folder the chat bundle names', async () => {
  const p = await browser.newPage({ viewport: { width: 700, height: 900 } });
  p.setDefaultTimeout(30_000);
  const before = chunkRequests.ok;
  await p.goto(`${base}/ok/turns.html`);
  await p.waitForFunction(() => document.querySelectorAll('.turn[data-turn-id="t1"] code.hljs').length === 3);
  assert.equal(chunkRequests.ok, before + 1);
  await p.close();
});

test('token colours follow the theme kind on the body, and the theme\'s own colour variables when set', async () => {
  const p = await open('ok');
  await stream(p, 't1', ANSWER);
  await p.waitForFunction(() => document.querySelectorAll('code.hljs').length === 3);
  const colours = () =>
    p.evaluate(() => {
      const code = document.querySelector('code.hljs')!;
      const colour = (cls: string) => getComputedStyle(code.querySelector(`.${cls}`)!).color;
      return { keyword: colour('hljs-keyword'), string: colour('hljs-string'), comment: colour('hljs-comment') };
    });
  const byKind: Record<string, { keyword: string; string: string; comment: string }> = {};
  for (const kind of ['vscode-dark', 'vscode-light', 'vscode-high-contrast', 'vscode-high-contrast vscode-high-contrast-light']) {
    await p.evaluate((kind) => (document.body.className = kind), kind);
    byKind[kind] = await colours();
  }
  const kinds = Object.values(byKind);
  for (const token of ['keyword', 'string', 'comment'] as const) {
    assert.equal(new Set(kinds.map((k) => k[token])).size, kinds.length, `${token}: ${JSON.stringify(byKind)}`);
  }
  assert.notEqual(byKind['vscode-dark']!.keyword, byKind['vscode-dark']!.string);
  await p.evaluate(() => document.body.style.setProperty('--vscode-debugTokenExpression-string', 'rgb(1, 2, 3)'));
  assert.equal((await colours()).string, 'rgb(1, 2, 3)');
  await p.close();
});

test('the growing code block is highlighted while it streams, before its fence closes; a very long one once finished', async () => {
  const p = await open('ok');
  await stream(p, 't0', '```js\nlet warm = 1;\n```'); // loads the chunk
  await p.waitForSelector('code.hljs');
  const first = 'Intro\n\n```python\nimport os\nwhile True:\n    pass\n';
  await p.evaluate(({ start, first }) => {
    window.postMessage({ type: 'turnStart', conversationId: 'c1', turn: start }, '*');
    window.postMessage({ type: 'delta', conversationId: 'c1', turnId: 't1', text: first }, '*');
  }, { start: turn('t1', '', 'streaming'), first });
  await p.waitForSelector('.turn[data-turn-id="t1"] .answer-tail code.hljs .hljs-keyword');
  assert.deepEqual(
    await p.$$eval('.turn[data-turn-id="t1"] .answer-tail code .hljs-keyword', (s) => s.map((e) => e.textContent)),
    ['import', 'while', 'pass'],
  );
  // A growing block too long to highlight every frame stays plain until it is finished.
  const second = '```\n\n```python\n' + 'x = 1\n'.repeat(1500);
  await p.evaluate((text) => window.postMessage({ type: 'delta', conversationId: 'c1', turnId: 't1', text }, '*'), second);
  await p.waitForFunction(() => (document.querySelector('.turn[data-turn-id="t1"] .answer-tail code')?.textContent?.length ?? 0) > 8192);
  assert.equal(await p.$$eval('.turn[data-turn-id="t1"] .answer-tail code.hljs', (c) => c.length), 0);
  await p.evaluate((end) => {
    window.postMessage({ type: 'delta', conversationId: 'c1', turnId: 't1', text: '```\n' }, '*');
    window.postMessage({ type: 'turnEnd', conversationId: 'c1', turn: end }, '*');
  }, turn('t1', first + second + '```\n', 'done'));
  await p.waitForFunction(() => document.querySelectorAll('.turn[data-turn-id="t1"] code.hljs').length === 2);
  await p.close();
});

test('the sanitiser lets through only hljs-* spans from highlighter output', async () => {
  const p = await open('ok');
  const out = await p.evaluate(() =>
    (window as unknown as { sanitizeProbe: (html: string) => string }).sanitizeProbe(
      '<span class="hljs-keyword evil" onclick="alert(1)" style="color:red" id="x">a</span><img src=x onerror=alert(1)>' +
        '<script>alert(1)</script><b>t</b><span class="cite">u</span><svg><g class="hljs-x">s</g></svg><!-- c --><a href="https://e.com">l</a>' +
        '<span class="hljs-string"><span class="hljs-subst">${x}</span></span>',
    ),
  );
  assert.equal(out, '<span class="hljs-keyword">a</span>tul<span class="hljs-string"><span class="hljs-subst">${x}</span></span>');
  await p.close();
});

test('a highlight chunk that fails to load leaves code blocks plain and is not retried', async () => {
  const p = await open('broken');
  await stream(p, 't1', ANSWER);
  await p.waitForFunction(() => (window as unknown as { __scriptErrors: number }).__scriptErrors === 1);
  await stream(p, 't2', ANSWER);
  for (const id of ['t1', 't2']) {
    const blocks = await codeOf(p, id);
    assert.equal(blocks.length, 4);
    for (const block of blocks) assert.deepEqual([block.highlighted, block.spans], [false, []]);
    assert.equal(blocks[2]!.text, HOSTILE + '\n');
  }
  assert.equal(chunkRequests.broken, 1);
  assert.deepEqual(await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
  await p.close();
});
