import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { HostMessage, ViewState } from '../../src/shared/messages';
import { servePages } from '../tools/pageServer';
import type * as HtmlEntry from '../tools/webviewHtmlEntry';
import { requireWithFakeVscode } from '../unit/helpers';
import { CHROMIUM_ARGS } from './render-bench';
import { median } from './stats';

const ROOT = join(__dirname, '..', '..');
const SAMPLES = 30;

/**
 * What the chat's page costs the renderer to open, apart from VS Code: the page the host writes
 * for an empty chat (src/host/webviewHtml.ts, the shipped dist/ files, its CSP) against the floor
 * view's page (test/fixtures/empty-view-extension), each loaded SAMPLES times in turn in headless
 * Chromium until its input shows and a frame has passed. Main-thread time from Chromium's own
 * counters (`Performance.getMetrics`): `page_task_ms` and `floor_page_task_ms` (all tasks, the
 * same probe's work in both), `page_task_vs_floor`, and ours split into `page_script_ms`,
 * `page_style_ms` and `page_layout_ms`. Medians. In VS Code's code-server, the webview's frames
 * share this thread with the workbench, so this is the part of `view_open_ms` the page decides.
 */
export async function pageFigures(log: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  log('page: the chat page against the floor page, headless Chromium');
  const tmp = mkdtempSync(join(tmpdir(), 'page-bench-'));
  const chat = await chatPage(tmp);
  const floorHtml = floorPage();
  const { server, origin } = await servePages({ '/chat': () => chat, '/floor': () => floorHtml });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const ours: Record<string, number>[] = [];
    const floor: Record<string, number>[] = [];
    // Warm-up: the browser's first page pays for its own start.
    await measure(browser, `${origin}/floor`, '.floor-input');
    for (let i = 0; i < SAMPLES; i++) {
      ours.push(await measure(browser, `${origin}/chat`, '.composer-input'));
      floor.push(await measure(browser, `${origin}/floor`, '.floor-input'));
    }
    const of = (samples: Record<string, number>[], key: string) => Math.round(median(samples.map((s) => s[key]!)) * 10) / 10;
    const figures = {
      page_task_ms: of(ours, 'TaskDuration'),
      floor_page_task_ms: of(floor, 'TaskDuration'),
      page_script_ms: of(ours, 'ScriptDuration'),
      page_style_ms: of(ours, 'RecalcStyleDuration'),
      page_layout_ms: of(ours, 'LayoutDuration'),
      page_html_kb: Math.round((Buffer.byteLength(chat) / 1024) * 10) / 10,
    };
    return { ...figures, page_task_vs_floor: Math.round((figures.page_task_ms / figures.floor_page_task_ms) * 100) / 100 };
  } finally {
    await browser.close();
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Main-thread milliseconds by Chromium's counters, from navigation until `selector` shows and a frame has passed. */
async function measure(browser: Browser, url: string, selector: string): Promise<Record<string, number>> {
  const page = await browser.newPage({ viewport: { width: 400, height: 800 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]));
    // VS Code's webview host gives every page this API before its own scripts (a stub here, in both pages).
    await page.addInitScript('window.acquireVsCodeApi = () => ({ postMessage() {}, setState() {} });');
    const before = await metrics();
    await page.goto(url);
    await page.locator(selector).waitFor({ state: 'visible', timeout: 30_000 });
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => setTimeout(done)))');
    const after = await metrics();
    return Object.fromEntries(['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'].map((k) => [k, after[k]! - before[k]!]));
  } finally {
    await page.close();
  }
}

/** The host's page for an empty chat with You.com's agents, written by the real chatHtml around the shipped dist/ files. */
async function chatPage(tmp: string): Promise<string> {
  const mod = await requireWithFakeVscode<typeof HtmlEntry>('test/tools/webviewHtmlEntry.ts', join(tmp, 'webview-html.cjs'));
  mod.l10n.bundle = undefined; // English, as VS Code gives it
  const webview = { cspSource: "'self'", asWebviewUri: (uri: InstanceType<typeof mod.Uri>) => uri };
  const state: ViewState = {
    conversation: { id: 'c1', title: '', createdAt: 0, updatedAt: 0, turns: [] },
    agents: [
      { id: 'you:express', label: 'Express', description: 'Fast answers', group: 'You.com' },
      { id: 'you:advanced', label: 'Advanced', description: 'Research and compute tools', group: 'You.com' },
      { id: 'you:research', label: 'Research', description: 'Cited reports', group: 'You.com' },
    ],
    selectedAgentId: 'you:express',
    ready: true,
    demo: false,
    activeTurnId: null,
    phase: 'idle',
    sendKey: 'enter',
  };
  const first: HostMessage[] = [{ type: 'state', state }];
  const distText = (file: string, encoding?: 'base64') => readFileSync(join(ROOT, 'dist', file), encoding ?? 'utf8');
  return mod.chatHtml(webview as never, new mod.Uri('/ext') as never, 'You.com Chat', first, distText);
}

/** The floor view's page, as test/fixtures/empty-view-extension writes it (one source for both benches). */
function floorPage(): string {
  const source = readFileSync(join(ROOT, 'test', 'fixtures', 'empty-view-extension', 'extension.js'), 'utf8');
  const html = /const HTML = `([^`]*)`;/.exec(source)?.[1];
  if (!html) throw new Error('the floor page (const HTML) is not in test/fixtures/empty-view-extension/extension.js');
  return html;
}
