import { createServer, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { iconFontElement } from '../../src/shared/iconFont';
import { splitDeltas } from '../servers/you-server';

/**
 * Render figures in headless Chromium with the project's real webview bundle (dist/webview.js),
 * fed recorded answers through the real host->webview messages (window MessageEvents carrying
 * HostMessage objects, exactly what the host posts). Main-thread time is measured in the page:
 * every message handler and every animation-frame callback (which ends by reading scrollHeight,
 * so style and layout are included), with the webview's ResizeObserver and IntersectionObserver
 * callbacks counted in the frame they run in.
 */
const ROOT = join(__dirname, '..', '..');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Deltas as a model streams them: two words apiece (the 120 KB answer gives ~5,800, as in the issue). */
export function answerDeltas(text: string): string[] {
  const words = splitDeltas(text);
  const deltas: string[] = [];
  for (let i = 0; i < words.length; i += 2) deltas.push(words.slice(i, i + 2).join(''));
  return deltas;
}

const page = (iconFont: string) => `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/dist/codicons/codicon.css"><link rel="stylesheet" href="/dist/webview-style.css">
<style>body { width: 560px; height: 900px; }</style>
<script>
  window.__name = (f) => f; // tsx keeps function names with a helper the page lacks
  window.__posted = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState() {} });
  // Time every message handler and every animation-frame callback of the webview.
  window.__work = []; window.__frames = [];
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((t) => {
    const s = performance.now(); cb(t); const d = performance.now() - s; window.__frames.push([s, d]); window.__work.push(d);
  });
  // Observer callbacks run after the frame's layout: their time goes to that frame.
  for (const name of ['ResizeObserver', 'IntersectionObserver']) {
    const Base = window[name];
    window[name] = class extends Base {
      constructor(cb, options) {
        super((entries, observer) => {
          const s = performance.now(); cb(entries, observer); const d = performance.now() - s;
          window.__work.push(d);
          const last = window.__frames[window.__frames.length - 1];
          if (last && s - last[0] < 16) last[1] += d; else window.__frames.push([s, d]);
        }, options);
      }
    };
  }
  const add = window.addEventListener.bind(window);
  window.addEventListener = (type, fn, opts) => type !== 'message' ? add(type, fn, opts) : add(type, (e) => {
    const s = performance.now(); fn(e); window.__work.push(performance.now() - s);
  }, opts);
</script></head><body><div id="app"></div>
${iconFontElement(iconFont)}
<script src="/dist/webview-markdown.js"></script><script src="/dist/webview.js"></script><script src="/dist/bench/anchor.js"></script></body></html>`;

let benchPage: string | undefined;

export function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    if (path === '/' || path === '/bench.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      // The icon font in the page, as the host writes it (src/host/webviewHtml.ts); read once.
      benchPage ??= page(readFileSync(join(ROOT, 'dist', 'codicons', 'codicon.ttf')).toString('base64'));
      return res.end(benchPage);
    }
    try {
      const body = readFileSync(join(ROOT, path));
      const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/bench.html` })),
  );
}

const agents = [{ id: 'you:advanced', label: 'Advanced', group: 'You.com' }];
const emptyState = {
  conversation: { id: 'bench', title: 'Bench', createdAt: 0, updatedAt: 0, turns: [] },
  agents,
  selectedAgentId: 'you:advanced',
  ready: true,
  demo: false,
  activeTurnId: null,
  phase: 'idle',
  sendKey: 'enter',
};
export const turn = (id: string, answer: string, status: string) => ({
  id,
  question: 'Benchmark question',
  agentId: 'you:advanced',
  agentLabel: 'Advanced',
  answer,
  citations: [],
  status,
  startedAt: 0,
});

export async function freshPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // The highlight chunk is normally added on the first code block; preloading it here puts all
  // highlighting work inside the timed message and frame callbacks, not in its load event.
  await page.addScriptTag({ url: '/dist/webview-highlight.js' });
  await page.evaluate((state) => window.dispatchEvent(new MessageEvent('message', { data: { type: 'state', state } })), emptyState);
  await page.evaluate(() => {
    (window as unknown as { __work: number[]; __frames: unknown[] }).__work = [];
    (window as unknown as { __frames: unknown[] }).__frames = [];
  });
}

interface StreamResult {
  totalMs: number;
  wallMs: number;
  frames: [number, number][];
  deltaTimes: number[];
}

/** Streams one answer into a new turn: `intervalMs` 0 posts every delta at once (burst), else paces them. */
export async function streamAnswer(page: Page, id: string, deltas: string[], intervalMs: number): Promise<StreamResult> {
  return page.evaluate(
    async ({ id, deltas, intervalMs, startTurn, endTurn }) => {
      const w = window as unknown as { __work: number[]; __frames: [number, number][] };
      w.__work = [];
      w.__frames = [];
      const deltaTimes: number[] = [];
      const started = performance.now();
      window.postMessage({ type: 'turnStart', conversationId: 'bench', turn: startTurn }, '*');
      if (intervalMs === 0) {
        for (const text of deltas) window.postMessage({ type: 'delta', conversationId: 'bench', turnId: id, text }, '*');
      } else {
        let next = performance.now();
        for (const text of deltas) {
          next += intervalMs;
          await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
          deltaTimes.push(performance.now());
          window.postMessage({ type: 'delta', conversationId: 'bench', turnId: id, text }, '*');
        }
      }
      window.postMessage({ type: 'turnEnd', conversationId: 'bench', turn: endTurn }, '*');
      // Done when the turn shows as done and one more frame has passed.
      await new Promise<void>((resolve) => {
        const check = () =>
          document.querySelector(`.turn[data-turn-id="${id}"][data-status="done"]`) ? requestAnimationFrame(() => resolve()) : setTimeout(check, 5);
        check();
      });
      return { totalMs: w.__work.reduce((a, b) => a + b, 0), wallMs: performance.now() - started, frames: w.__frames, deltaTimes };
    },
    { id, deltas, intervalMs, startTurn: turn(id, '', 'streaming'), endTurn: turn(id, deltas.join(''), 'done') },
  );
}

/** One full render of the final answer through the same bundle (a finished turn arriving whole), with layout. */
async function fullRenderOnce(page: Page, id: string, text: string): Promise<{ ms: number; html: string }> {
  return page.evaluate(
    ({ id, message }) => {
      const start = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: message }));
      // The answer's own height: it is laid out now even where content-visibility would leave a new
      // turn for the next frame (document.body.offsetHeight would not include it then).
      void document.querySelector<HTMLElement>(`.turn[data-turn-id="${id}"] .answer`)!.offsetHeight;
      const ms = performance.now() - start;
      const blocks = document.querySelectorAll(`.turn[data-turn-id="${id}"] .answer :is(.answer-page, .answer-tail) > *`);
      return { ms, html: Array.from(blocks, (b) => b.outerHTML).join('') };
    },
    { id, message: { type: 'turnEnd', conversationId: 'bench', turn: turn(id, text, 'done') } },
  );
}

/** The answer's rendered blocks in order; the page wrappers that group finished blocks are left out. */
function blocksHtml(page: Page, id: string): Promise<string> {
  return page.evaluate((id) => {
    const blocks = document.querySelectorAll(`.turn[data-turn-id="${id}"] .answer :is(.answer-page, .answer-tail) > *`);
    return Array.from(blocks, (b) => b.outerHTML).join('');
  }, id);
}

/**
 * Highlights each code block of a rendered answer again, from plain text, through the webview's own
 * highlightCode (grammar, sanitiser, DOM), one block at a time: milliseconds per block, the best of
 * three tries so that the figure is the work and not the scheduler of a busy machine.
 */
async function highlightTimes(page: Page, id: string): Promise<number[]> {
  await page.addScriptTag({ url: '/dist/bench/highlight-probe.js' });
  return page.evaluate((id) => {
    const highlight = (window as unknown as { benchHighlightCode: (code: HTMLElement, language: string) => void }).benchHighlightCode;
    return Array.from(document.querySelectorAll<HTMLElement>(`.turn[data-turn-id="${id}"] .code-block`), (block) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const code = document.createElement('code');
        code.textContent = block.querySelector('code')!.textContent;
        const start = performance.now();
        highlight(code, block.dataset.language ?? '');
        best = Math.min(best, performance.now() - start);
        if (!code.classList.contains('hljs')) throw new Error(`block in ${block.dataset.language} was not highlighted`);
      }
      return best;
    });
  }, id);
}

async function anchorTotal(page: Page, deltas: string[]): Promise<number> {
  return page.evaluate((deltas) => {
    const el = document.createElement('div');
    el.className = 'markdown';
    document.querySelector('.transcript')!.append(el);
    const render = (window as unknown as { anchorRender: (el: HTMLElement, text: string) => void }).anchorRender;
    let text = '';
    let total = 0;
    for (const delta of deltas) {
      text += delta;
      const start = performance.now();
      render(el, text);
      total += performance.now() - start;
    }
    el.remove();
    return total;
  }, deltas);
}

/**
 * Opens a saved conversation: posts a `state` with `answers` finished turns and measures, in the
 * page, the time until its last answer is in view and a frame has been painted with it (the task
 * after that animation frame), and until every turn is in the page. The reader then scrolls up
 * 300 px into the last answer; `shiftPx` is how far that answer moved by the time all older turns
 * were in (0: prepending does not move the view). Then the reader scrolls up 800 px at a time, 100
 * times, through turns laid out for the first time: `jumps` counts the steps where what was at the
 * top of the view did not move by exactly the scroll (turns changing size above it moved it).
 */
export async function openConversation(
  page: Page,
  answers: string[],
): Promise<{ visibleMs: number; allMs: number; atEnd: boolean; shiftPx: number; order: boolean; jumps: number }> {
  const turns = answers.map((answer, i) => turn(`open${i}`, answer, 'done'));
  return page.evaluate(
    async ({ state, count }) => {
      const transcript = document.querySelector<HTMLElement>('.transcript')!;
      const lastId = `open${count - 1}`;
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      const started = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'state', state } }));
      const lastVisible = () => {
        const answer = document.querySelector(`.turn[data-turn-id="${lastId}"] .answer`);
        if (!answer?.firstElementChild?.firstElementChild || !answer.checkVisibility({ contentVisibilityAuto: true })) return false;
        const box = answer.getBoundingClientRect();
        const view = transcript.getBoundingClientRect();
        return box.bottom > view.top && box.top < view.bottom;
      };
      do await frame();
      while (!lastVisible());
      // Painted: the first task after that frame.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const visibleMs = performance.now() - started;
      const atEnd = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight <= 2;
      transcript.scrollTop -= 300;
      await frame();
      const topOf = () => document.querySelector(`.turn[data-turn-id="${lastId}"]`)!.getBoundingClientRect().top;
      const before = topOf();
      while (document.querySelectorAll('.turn').length < count) await new Promise((resolve) => setTimeout(resolve, 5));
      const allMs = performance.now() - started;
      await frame();
      await frame();
      const ids = Array.from(document.querySelectorAll<HTMLElement>('.turn'), (el) => el.dataset.turnId);
      const order = ids.length === count && ids.every((id, i) => id === `open${i}`);
      const shiftPx = Math.abs(topOf() - before);
      let jumps = 0;
      const view = transcript.getBoundingClientRect();
      for (let step = 0; step < 100; step++) {
        const probe = document.elementFromPoint(view.left + view.width / 2, view.top + 10)!;
        const top = probe.getBoundingClientRect().top;
        const scrolled = transcript.scrollTop;
        transcript.scrollTop -= 800;
        await frame();
        await frame();
        // Only content moves it: however the scroll position was corrected, it should be down by the scroll asked for.
        if (!probe.isConnected || Math.abs(probe.getBoundingClientRect().top - top - Math.min(800, scrolled)) > 1) jumps++;
      }
      return { visibleMs, allMs, atEnd, shiftPx, order, jumps };
    },
    { state: { ...emptyState, conversation: { ...emptyState.conversation, turns } }, count: answers.length },
  );
}

/**
 * Elements laid out: not `display: none` and not inside a subtree that `content-visibility: auto`
 * skips, which is what `checkVisibility({ contentVisibilityAuto: true })` answers (Chromium's
 * own skip state, not a geometric guess). CDP's DOMSnapshot layout tree is no measure: a skipped
 * subtree keeps the layout objects it had, it just is not laid out again.
 */
function liveElements(page: Page): Promise<number> {
  return page.evaluate(() => Array.from(document.getElementsByTagName('*')).filter((el) => el.checkVisibility({ contentVisibilityAuto: true })).length);
}

/** Proportional set size of Chromium's renderer processes in MB (Linux /proc; NaN elsewhere). */
async function renderersMb(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    let kb = 0;
    for (const { id } of processInfo.filter((p) => p.type === 'renderer')) kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${id}/smaps_rollup`, 'utf8'))![1]);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return NaN;
  } finally {
    await cdp.detach();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const r2 = (n: number) => Math.round(n * 100) / 100;

export async function renderFigures(log: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  await build({
    entryPoints: [join(__dirname, 'anchor-entry.ts')],
    bundle: true,
    minify: true,
    platform: 'browser',
    outfile: join(ROOT, 'dist', 'bench', 'anchor.js'),
    logLevel: 'silent',
  });
  // The webview's highlightCode on its own (it uses the chunk the page already has).
  await build({
    stdin: {
      contents: "import { highlightCode } from './src/webview/highlight'; Object.assign(window, { benchHighlightCode: highlightCode });",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    platform: 'browser',
    outfile: join(ROOT, 'dist', 'bench', 'highlight-probe.js'),
    logLevel: 'silent',
  });
  const kb = (file: string) => Math.round((statSync(join(ROOT, 'dist', file)).size / 1024) * 10) / 10;
  const answer30 = readFileSync(join(ROOT, 'test', 'fixtures', 'answer-30k.md'), 'utf8');
  const answer120 = readFileSync(join(ROOT, 'test', 'fixtures', 'answer-120k.md'), 'utf8');
  const deltas30 = answerDeltas(answer30);
  const deltas120 = answerDeltas(answer120);
  const { server, url } = await serve();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const figures: Record<string, number> = { webview_highlight_chunk_kb: kb('webview-highlight.js') };
  try {
    const page = await browser.newPage({ viewport: { width: 600, height: 900 } });

    log('render: 120 KB burst');
    await freshPage(page, url);
    const burst = await streamAnswer(page, 'burst', deltas120, 0);
    const once = await fullRenderOnce(page, 'once', answer120);
    const streamedHtml = await blocksHtml(page, 'burst');
    figures.render_total_ms_120k_burst = r2(burst.totalMs);
    figures.render_full_once_ms_120k = r2(once.ms);
    figures.render_ratio_120k_burst = r2(burst.totalMs / once.ms);
    figures.render_final_dom_equal = streamedHtml === once.html ? 1 : 0;
    figures.render_highlighted_blocks_120k = await page.evaluate(() => document.querySelectorAll('.turn[data-turn-id="once"] code.hljs').length);
    figures.highlight_ms_per_block_p95 = r2(percentile(await highlightTimes(page, 'once'), 95));

    log('render: 30 KB paced (100 deltas/s)');
    await freshPage(page, url);
    const paced30 = await streamAnswer(page, 'p30', deltas30, 10);
    log('render: 120 KB paced (100 deltas/s, about a minute)');
    await freshPage(page, url);
    const paced120 = await streamAnswer(page, 'p120', deltas120, 10);
    const lastStart = paced120.deltaTimes[paced120.deltaTimes.length - 1000] ?? 0;
    const lastUpdates = paced120.frames.filter(([start]) => start >= lastStart).map(([, d]) => d);
    figures.render_update_p50_ms_120k = r2(percentile(lastUpdates, 50));
    figures.render_update_p99_ms_120k = r2(percentile(lastUpdates, 99));
    // How much of a full render one late update costs: flat rendering keeps this small.
    figures.render_update_p99_share_120k = Math.round((figures.render_update_p99_ms_120k / figures.render_full_once_ms_120k) * 1e4) / 1e4;
    figures.render_worst_frame_ms = r2(Math.max(...paced120.frames.map(([, d]) => d), ...paced30.frames.map(([, d]) => d)));
    figures.render_total_ms_30k_paced = r2(paced30.totalMs);
    figures.render_total_ms_120k_paced = r2(paced120.totalMs);
    figures.render_growth_k = r2(Math.log(paced120.totalMs / paced30.totalMs) / Math.log(answer120.length / answer30.length));
    const pacedCheck = await fullRenderOnce(page, 'p120-once', answer120);
    const pacedHtml = await blocksHtml(page, 'p120');
    figures.render_final_dom_equal = figures.render_final_dom_equal === 1 && pacedHtml === pacedCheck.html ? 1 : 0;

    log('memory: 50 long answers, then New chat');
    const heapPage = await browser.newPage({ viewport: { width: 600, height: 900 } });
    const cdp = await heapPage.context().newCDPSession(heapPage);
    const heapMb = async () => {
      // Free what can be freed (the pressure signal makes the allocators give memory back), so that
      // renderersMb measures what is held.
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      return Math.round((usedSize / 1024 / 1024) * 10) / 10;
    };
    await freshPage(heapPage, url);
    figures.webview_heap_mb_empty = await heapMb();
    const renderersEmpty = await renderersMb(browser);
    for (let i = 0; i < 50; i++) await streamAnswer(heapPage, `heap${i}`, deltas30, 0);
    // Scrolled to the end (the view follows the stream); observers and idle work settle first.
    await heapPage.evaluate(() => new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(resolve)), 100)));
    figures.webview_heap_mb_50 = await heapMb();
    // All renderers (the other, idle page's too): the difference is what the 50 answers hold.
    figures.webview_renderer_added_mb_50 = r2((await renderersMb(browser)) - renderersEmpty);
    figures.webview_dom_nodes_50 = await heapPage.evaluate(() => document.getElementsByTagName('*').length);
    figures.webview_dom_nodes_total_50 = figures.webview_dom_nodes_50;
    figures.webview_dom_nodes_live_50 = await liveElements(heapPage);
    log('render: a 51st answer paced after 50 (100 deltas/s)');
    const paced51 = await streamAnswer(heapPage, 'heap50', deltas30, 10);
    figures.render_update_p99_ms_after_50 = r2(percentile(paced51.frames.map(([, d]) => d), 99));
    figures.render_update_p99_ms_30k_empty = r2(percentile(paced30.frames.map(([, d]) => d), 99));
    figures.render_update_p99_ratio_after_50 = r2(figures.render_update_p99_ms_after_50 / figures.render_update_p99_ms_30k_empty);
    await heapPage.evaluate((state) => window.dispatchEvent(new MessageEvent('message', { data: { type: 'state', state } })), emptyState);
    figures.webview_heap_mb_after_new_chat = await heapMb();
    await heapPage.close();

    log('open: a saved conversation of 50 long answers');
    const openPage = await browser.newPage({ viewport: { width: 600, height: 900 } });
    await freshPage(openPage, url);
    const opened = await openConversation(openPage, Array<string>(50).fill(answer30));
    figures.open_conversation_ms_50 = r2(opened.visibleMs);
    figures.open_conversation_all_ms_50 = r2(opened.allMs);
    figures.open_conversation_at_end = opened.atEnd ? 1 : 0;
    figures.open_conversation_view_shift_px = r2(opened.shiftPx);
    figures.open_conversation_order_ok = opened.order ? 1 : 0;
    figures.scroll_up_jumps_50 = opened.jumps;
    await openPage.close();

    log('render: Continue-style anchor, 30 KB');
    await freshPage(page, url);
    figures.anchor_full_rerender_total_ms_30k = r2(await anchorTotal(page, deltas30));
    figures.anchor_vs_project_30k = r2(figures.anchor_full_rerender_total_ms_30k / figures.render_total_ms_30k_paced);
  } finally {
    await browser.close();
    server.close();
  }
  return figures;
}
