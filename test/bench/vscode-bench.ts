import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Frame, Page } from 'playwright-core';
import { eventually, startE2E, type E2E } from '../e2e/setup';
import { extensionLog, hostsStarted } from '../tools/extensionLogs';
import { writeRegistrationsFloor } from './registrationsFloor';
import { median } from './stats';

const ROOT = join(__dirname, '..', '..');

/**
 * Figures from the extension in real VS Code (code-server, installed from the .vsix): how long the
 * chat view takes to open against the floor (an empty webview view, same code-server), delta-to-DOM
 * latency over 400 stamped deltas (in the webview chat and in VS Code's own Chat view, same run),
 * activation time, and the shipped sizes.
 */
export async function vscodeFigures(log: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  log('vscode: starting code-server with the packaged extension');
  process.env.E2E_REUSE_VSIX = '1'; // run.ts packaged it just before
  // AI features on, so the same run can measure VS Code's own Chat view too.
  const floors: { vsix: string; remove: () => void }[] = [];
  const e2e = await (async () => {
    floors.push(packageFloor('empty-view', (dir) => cpSync(join(ROOT, 'test', 'fixtures', 'empty-view-extension'), dir, { recursive: true })));
    floors.push(packageFloor('registrations-floor', writeRegistrationsFloor));
    return startE2E(
      'bench',
      { 'youAgents.demo.serverUrl': '$YOU', 'chat.disableAIFeatures': false },
      { apiKey: undefined },
      { extraExtensions: floors.map((floor) => floor.vsix) },
    );
  })().finally(() => floors.forEach((floor) => floor.remove()));
  const figures: Record<string, number> = {};
  try {
    // First, while the profile is fresh (no conversation yet, nothing opened).
    Object.assign(figures, await viewOpenFigures(e2e, log));
    Object.assign(figures, await hiddenViewFigures(e2e, log));
    if (clickedAgain.length > 0) log(`vscode: a dropped click on the icon, clicked again to close: ${clickedAgain.join(', ')}`);
    const chat = await e2e.workbench.openChatView();
    await chat.locator('.agent-select').waitFor();
    // The log is written asynchronously: wait for every window's activation line (one per window).
    const logged = () => (extensionLog(e2e.profile, 'you-agents.you-agents', 'You.com').match(ACTIVATED) ?? []).length;
    await eventually(() => logged() >= WINDOWS, 'every activation in the log', 30_000);
    Object.assign(figures, activationFigures(e2e));

    // Record, inside the webview, when each stamped token first appears in the DOM.
    await chat.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __seen: Record<string, number> }).__seen = seen;
      const transcript = document.querySelector('.transcript')!;
      new MutationObserver(() => {
        const turns = transcript.querySelectorAll('.turn');
        const text = turns[turns.length - 1]?.querySelector('.answer')?.textContent ?? '';
        for (const match of text.matchAll(/T(\d{4})/g)) if (!(match[0] in seen)) seen[match[0]] = Date.now();
      }).observe(transcript, { subtree: true, childList: true, characterData: true });
    });
    log('vscode: streaming 400 stamped deltas');
    await chat.locator('.composer-input').fill('[scenario:stamped] latency probe');
    await chat.locator('.composer-input').press('Enter');
    await chat.locator('.turn[data-status="done"]').waitFor({ timeout: 60_000 });
    const seen = await chat.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
    const latencies = [...e2e.you.deltaStamps].map(([token, sent]) => (seen[token] ?? Number.NaN) - sent);
    const missing = latencies.filter((l) => Number.isNaN(l)).length;
    if (missing > 0) throw new Error(`${missing} stamped deltas never reached the DOM`);
    latencies.sort((a, b) => a - b);
    figures.delta_to_dom_samples = latencies.length;
    figures.delta_to_dom_p50_ms = latencies[Math.floor(latencies.length * 0.5)]!;
    figures.delta_to_dom_p95_ms = latencies[Math.floor(latencies.length * 0.95)]!;
    figures.delta_to_dom_max_ms = latencies[latencies.length - 1]!;
    Object.assign(figures, await nativeChatFigures(e2e, log));
  } finally {
    await e2e.close();
  }
  const kb = (path: string) => Math.round((statSync(join(ROOT, path)).size / 1024) * 10) / 10;
  figures.extension_bundle_kb = kb('dist/extension.js');
  // What loads on first use (the clients of every backend: You.com, Research, ACP, A2A); the activation bundle above stays small.
  figures.extension_main_bundle_kb = kb('dist/extension-main.js');
  figures.webview_bundle_kb = kb('dist/webview.js');
  figures.vsix_kb = kb('dist/you-agents.vsix');
  return figures;
}

/**
 * The same 400 stamped deltas through `@you` in VS Code's Chat view: when each token first shows
 * in the response's DOM (the Chat view paces its own rendering, which is what the user sees).
 */
async function nativeChatFigures(e2e: E2E, log: (line: string) => void): Promise<Record<string, number>> {
  const page = e2e.workbench.page;
  const ask = async (question: string) => {
    await e2e.workbench.runCommand('You.com: Ask in VS Code Chat');
    await e2e.workbench.answerQuickInput('Ask in VS Code Chat', question);
  };
  log('vscode: native chat warm-up');
  await ask('warm up');
  await page.locator('.interactive-session .interactive-response .rendered-markdown', { hasText: 'That is all it takes' }).waitFor({ timeout: 60_000 });
  // Checked every frame (what the user can see), against whichever response element is last now:
  // the Chat view's list may re-create its rows while it streams.
  // A string: tsx would wrap a named function in a helper the page does not have.
  await page.evaluate(`(() => {
    const seen = (window.__nativeSeen = {});
    const started = Date.now();
    requestAnimationFrame(function tick() {
      const responses = document.querySelectorAll('.interactive-session .interactive-response');
      const text = responses[responses.length - 1]?.textContent ?? '';
      for (const match of text.matchAll(/T(\\d{4})/g)) if (!(match[0] in seen)) seen[match[0]] = Date.now();
      if (Object.keys(seen).length < 400 && Date.now() - started < 180000) requestAnimationFrame(tick);
    });
  })()`);
  log('vscode: streaming 400 stamped deltas into the native Chat view');
  e2e.you.deltaStamps.clear();
  await ask('[scenario:stamped] native latency probe');
  const seen = await eventually(
    async () => {
      const s = await page.evaluate(() => (window as unknown as { __nativeSeen: Record<string, number> }).__nativeSeen);
      return Object.keys(s).length >= 400 ? s : undefined;
    },
    'every stamped delta in the Chat view',
    120_000,
  ).catch(async (err: unknown) => {
    const partial = await page.evaluate(() => Object.keys((window as unknown as { __nativeSeen: Record<string, number> }).__nativeSeen).length);
    throw new Error(`${String(err)} (${partial} of 400 seen, ${e2e.you.deltaStamps.size} sent)`);
  });
  const latencies = [...e2e.you.deltaStamps].map(([token, sent]) => (seen[token] ?? Number.NaN) - sent);
  if (latencies.length !== 400 || latencies.some(Number.isNaN)) throw new Error('stamped deltas missing from the Chat view');
  latencies.sort((a, b) => a - b);
  return {
    native_delta_to_dom_samples: latencies.length,
    native_delta_to_dom_p50_ms: latencies[Math.floor(latencies.length * 0.5)]!,
    native_delta_to_dom_p95_ms: latencies[Math.floor(latencies.length * 0.95)]!,
    native_delta_to_dom_max_ms: latencies[latencies.length - 1]!,
  };
}

// ---- view open: ours against the floor ------------------------------------------------------

/** An activity-bar view: its container's title (the icon's label) and the input that must take typing. */
interface OpenableView {
  figure: 'view' | 'empty_view' | 'script_view' | 'kept_view';
  container: string;
  input: string;
}
const CHAT_VIEW: OpenableView = { figure: 'view', container: 'You.com Agents', input: '.composer-input' };
/** test/fixtures/empty-view-extension: webview views showing one <input>, nothing else; scripts disabled. */
const EMPTY_VIEW: OpenableView = { figure: 'empty_view', container: 'Empty View', input: '.floor-input' };
/** The same with scripts enabled, as any chat's webview must have them: like against like for ours. */
const SCRIPT_VIEW: OpenableView = { figure: 'script_view', container: 'Empty Script View', input: '.floor-input' };
/** The same again, its page kept while hidden as ours is: like against like for reopens. */
const KEPT_VIEW: OpenableView = { figure: 'kept_view', container: 'Empty Kept View', input: '.floor-input' };
const VIEWS = [CHAT_VIEW, EMPTY_VIEW, SCRIPT_VIEW, KEPT_VIEW];
/**
 * Fresh windows (each gives one first open per view; a multiple of VIEWS, so each view has each
 * place in the order equally often), and reopens per view in each window.
 */
const WINDOWS = 16;
const REOPENS = 4;

/** Packages a floor extension (`write` fills its folder) in a temporary folder; `remove` deletes it once installed. */
function packageFloor(name: string, write: (dir: string) => void): { vsix: string; remove: () => void } {
  const tmp = mkdtempSync(join(tmpdir(), `${name}-`));
  const cwd = join(tmp, name);
  write(cwd);
  const vsix = join(tmp, `${name}.vsix`);
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix];
  const built = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), args, { cwd, stdio: ['ignore', 'ignore', 2] });
  if (built.status !== 0) throw new Error(`packaging the ${name} floor failed`);
  return { vsix, remove: () => rmSync(tmp, { recursive: true, force: true }) };
}

/**
 * `view_open_ms`: from the click on the activity-bar icon (side bar closed) until the chat's
 * composer is visible, enabled and takes a typed character, in a fresh window; `view_reopen_ms`
 * the same after the view was opened and closed (its icon clicked again) in that window.
 * `empty_view_*`, `script_view_*` and `kept_view_*`: the same for the floors, without and with
 * scripts, and with scripts and the page kept while hidden. Medians
 * over WINDOWS windows (a reload each) and their reopens. The order of the views turns per window:
 * each goes first (paying for the window's first webview) as often as the others. Both extensions activate
 * once start-up has finished (ours to resume background research; src/extension.ts), so a first
 * open includes whatever each defers to its view, as users meet it: for ours, loading the rest of
 * the extension. Every first open starts from a quiet window (`quietWindow`): after the window's
 * own start-up, and after what the view opened before deferred past its own first open (ours loads
 * the rest of the extension once the user leaves the page idle), so no view pays for another's
 * work. The very first webview in a browser also installs VS Code's webview service
 * worker; a warm-up open of the floor pays that before any measurement. `*_vs_empty`,
 * `*_vs_script_view` and `*_vs_kept_view`: the ratios.
 */
async function viewOpenFigures(e2e: E2E, log: (line: string) => void): Promise<Record<string, number>> {
  const page = e2e.workbench.page;
  const samples: Record<string, number[]> = {};
  const add = (name: string, ms: number) => (samples[name] ??= []).push(ms);
  // A window is ready once start-up has finished in its extension host (both extensions have
  // activated then; a click before that waits for the host) and both icons are shown.
  let hosts = 0;
  const quietWaits: number[] = [];
  const settle = async () => {
    hosts++;
    await eventually(() => hostsStarted(e2e.profile) >= hosts, 'the extension host to start', 120_000);
    await Promise.all(VIEWS.map((view) => icon(page, view).waitFor({ timeout: 60_000 })));
    await closeSideBar(e2e);
    quietWaits.push(await quietWindow(page));
  };
  await settle();
  log(`vscode: warm-up open of the floor (first webview in this browser): ${Math.round(await timeOpen(page, EMPTY_VIEW))} ms`);
  await closeByIcon(page, EMPTY_VIEW);
  for (let window = 0; window < WINDOWS; window++) {
    log(`vscode: view open, window ${window + 1} of ${WINDOWS}`);
    await e2e.workbench.load();
    await settle();
    const turn = window % VIEWS.length;
    const order = [...VIEWS.slice(turn), ...VIEWS.slice(0, turn)];
    for (let round = 0; round <= REOPENS; round++) {
      for (const view of order) {
        await assertClosed(page, view);
        const ms = await timeOpen(page, view);
        add(`${view.figure}_${round === 0 ? 'open' : 'reopen'}_ms`, ms);
        await closeByIcon(page, view);
        // What a view defers past its first open (ours: the rest of the extension) is done before the next is measured.
        if (round === 0) quietWaits.push(await quietWindow(page));
      }
    }
  }
  log(`vscode: quiet after ${quietWaits.map((ms) => Math.round(ms)).join(', ')} ms of waiting (each window, each first open)`);
  const figures: Record<string, number> = {};
  for (const name of VIEWS.flatMap((view) => [`${view.figure}_open_ms`, `${view.figure}_reopen_ms`])) {
    figures[name] = Math.round(median(samples[name] ?? []));
    log(`vscode: ${name} samples ${(samples[name] ?? []).map((ms) => Math.round(ms)).join(', ')}`);
  }
  for (const [name, floor] of [['empty', EMPTY_VIEW], ['script_view', SCRIPT_VIEW], ['kept_view', KEPT_VIEW]] as const) {
    figures[`view_open_vs_${name}`] = ratio(figures.view_open_ms!, figures[`${floor.figure}_open_ms`]!);
    figures[`view_reopen_vs_${name}`] = ratio(figures.view_reopen_ms!, figures[`${floor.figure}_reopen_ms`]!);
  }
  return figures;
}

/**
 * `view_hidden_mb`: what the chat view leaves in the window's renderer once opened and hidden
 * again (it keeps its page while hidden: src/host/viewIds.ts), as the growth of the renderer's
 * JavaScript heap after a full collection; `empty_view_hidden_mb`: the same for the floor, whose
 * page VS Code discards when hidden, and `kept_view_hidden_mb` for the floor that keeps it. A fresh window; each view opened once, then closed, the floor
 * first. One sample each: a rough figure.
 */
async function hiddenViewFigures(e2e: E2E, log: (line: string) => void): Promise<Record<string, number>> {
  log('vscode: the heap a hidden view keeps');
  const page = e2e.workbench.page;
  await e2e.workbench.load();
  await eventually(() => hostsStarted(e2e.profile) >= WINDOWS + 2, 'the extension host to start', 120_000);
  await Promise.all(VIEWS.map((view) => icon(page, view).waitFor({ timeout: 60_000 })));
  await closeSideBar(e2e);
  await quietFrames(page);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  };
  const figures: Record<string, number> = {};
  let before = await heap();
  // The floor first: whatever a window's first webview leaves (VS Code's own frames) is counted in its figure, not ours.
  for (const view of [EMPTY_VIEW, KEPT_VIEW, CHAT_VIEW]) {
    await timeOpen(page, view);
    await closeByIcon(page, view);
    await quietFrames(page);
    const after = await heap();
    figures[`${view.figure}_hidden_mb`] = Math.round((after - before) * 10) / 10;
    before = after;
  }
  await cdp.detach();
  return figures;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const ACTIVATED = /activated in ([\d.]+) ms \(module ([\d.]+) \+ activate ([\d.]+); ([\d.]+) ms after/g;

/**
 * Activation, ours against the floors', each as its extension reports it (module evaluation +
 * activate(); see src/extension.ts and the fixtures), all on onStartupFinished: medians over every
 * window of the run (each window activates each once). `empty_activate_ms`: the empty view's floor,
 * which registers three views. `registrations_activate_ms`: the floor that registers what ours
 * must before first use (its commands, view, panel, participant, models, tools), each doing
 * nothing; `registrations_vs_empty` is the least `activate_vs_empty` any extension registering
 * those could show, and `activate_vs_registrations` what ours adds. `main_load_ms`: what our
 * first use adds (the deferred bundle).
 */
function activationFigures(e2e: E2E): Record<string, number> {
  const ourLog = extensionLog(e2e.profile, 'you-agents.you-agents', 'You.com');
  const ours = [...ourLog.matchAll(ACTIVATED)];
  const floor = [...extensionLog(e2e.profile, 'you-agents-bench.empty-view', 'Empty View').matchAll(ACTIVATED)];
  const registrations = [...extensionLog(e2e.profile, 'zz-bench.registrations-floor', 'Registrations Floor').matchAll(ACTIVATED)];
  if (ours.length === 0 || floor.length === 0 || registrations.length === 0) {
    throw new Error(`activation not logged (ours ${ours.length}, floor ${floor.length}, registrations floor ${registrations.length})`);
  }
  const r1 = (ms: number) => Math.round(ms * 10) / 10;
  const of = (runs: RegExpMatchArray[], i: number) => r1(median(runs.map((m) => Number(m[i]))));
  const loads = [...ourLog.matchAll(/loaded on first use in ([\d.]+) ms/g)].map((m) => Number(m[1]));
  const figures: Record<string, number> = {
    activate_ms: of(ours, 1),
    activate_module_ms: of(ours, 2),
    activate_call_ms: of(ours, 3),
    activate_wall_ms: of(ours, 4),
    empty_activate_ms: of(floor, 1),
    registrations_activate_ms: of(registrations, 1),
    activate_samples: ours.length,
    main_load_ms: r1(median(loads)),
  };
  figures.activate_vs_empty = ratio(figures.activate_ms!, figures.empty_activate_ms!);
  figures.registrations_vs_empty = ratio(figures.registrations_activate_ms!, figures.empty_activate_ms!);
  figures.activate_vs_registrations = ratio(figures.activate_ms!, figures.registrations_activate_ms!);
  return figures;
}

const icon = (page: Page, view: OpenableView) => page.locator(`.activitybar .action-item a.action-label[aria-label="${view.container}"]`);
const sideBar = (page: Page) => page.locator('.part.sidebar');
/**
 * VS Code ignores a click on an activity-bar icon within 300 ms of the previous one on it (its
 * preventDoubleClickDelay), so a click waits until that much time has passed since the last.
 */
const DOUBLE_CLICK_GUARD_MS = 350;
const lastClick = new Map<string, number>();

/** Clicks the view's icon (once VS Code would take the click) and returns when the click was sent. */
async function clickIcon(page: Page, view: OpenableView): Promise<number> {
  const box = await icon(page, view).boundingBox({ timeout: 5_000 });
  if (!box) throw new Error(`no activity-bar icon for ${view.container}`);
  const wait = (lastClick.get(view.container) ?? -Infinity) + DOUBLE_CLICK_GUARD_MS - performance.now();
  if (wait > 0) await page.waitForTimeout(wait);
  const sent = performance.now();
  lastClick.set(view.container, sent);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  return sent;
}

/** Waits for the workbench's next frame (or 50 ms if frames are throttled): the pace of every poll below. */
const nextFrame = (page: Page) => page.evaluate('new Promise((done) => { requestAnimationFrame(() => done(0)); setTimeout(() => done(0), 50); })');

/**
 * Waits until the workbench draws ten frames in a row with no long task between them (a new
 * window's own start-up work is done), for at most 15 s: a first open measured during that work
 * measured the work (first opens of the floor ranged 254-1,485 ms in one run).
 */
const quietFrames = (page: Page) =>
  page.evaluate(`new Promise((done) => {
    const started = performance.now();
    let last = started, calm = 0;
    requestAnimationFrame(function tick(now) {
      calm = now - last < 25 ? calm + 1 : 0;
      last = now;
      if (calm >= 10 || now - started > 15000) done(0);
      else requestAnimationFrame(tick);
    });
  })`);

/**
 * Waits until the workbench has run no long task (50 ms or more, by the browser's Long Tasks API)
 * for 2 s, for at most 30 s; resolves with how long it waited. A new window's own start-up goes on
 * well after the quiet frames above: the window is sent the list of installed extensions (about 2 MB)
 * some ten times in the first 10 s after a load, and each costs its renderer 50-75 ms, between
 * which the frames are quiet. A first open that met one measured it.
 */
const quietWindow = (page: Page): Promise<number> =>
  page.evaluate(`new Promise((done) => {
    const started = performance.now();
    let lastLong = started;
    const observer = new PerformanceObserver((list) => {
      for (const task of list.getEntries()) lastLong = Math.max(lastLong, task.startTime + task.duration);
    });
    observer.observe({ type: 'longtask' });
    const check = () => {
      const now = performance.now();
      if (now - lastLong < 2000 && now - started < 30000) return setTimeout(check, 100);
      observer.disconnect();
      done(now - started);
    };
    setTimeout(check, 100);
  })`);

/** Polls `check` once per workbench frame until it returns something, for at most `timeoutMs`. */
async function untilFrame<T>(page: Page, check: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) {
      await page.screenshot({ path: '/tmp/view-open-fail.png' }).catch(() => undefined);
      throw new Error(`timed out waiting for ${what} (screenshot: /tmp/view-open-fail.png)`);
    }
    await nextFrame(page);
  }
}

/** The shown webview frame whose document has `selector` visible and enabled, if any. */
async function frameWithInput(page: Page, selector: string): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    try {
      const usable = await frame.evaluate((sel) => {
        const el = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(sel);
        if (!el || el.disabled || el.readOnly) return false;
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility === 'visible';
      }, selector);
      if (usable && (await shownFrame(frame))) return frame;
    } catch {
      // navigated or detached meanwhile
    }
  }
  return undefined;
}

/** The frame's iframe and every enclosing one are visible (a hidden webview may keep its frame). */
async function shownFrame(frame: Frame): Promise<boolean> {
  for (let f: Frame | null = frame; f?.parentFrame(); f = f.parentFrame()) {
    if (!(await (await f.frameElement()).isVisible())) return false;
  }
  return true;
}

/** Clicks the view's icon (side bar closed) and times it until its input takes a typed character; the input is emptied again after. */
async function timeOpen(page: Page, view: OpenableView): Promise<number> {
  const started = await clickIcon(page, view);
  const frame = await untilFrame(
    page,
    async () => {
      const found = await frameWithInput(page, view.input);
      if (!found) return undefined;
      const input = found.locator(view.input);
      // Typing works: a key pressed in the focused input shows up in its value.
      const typed = await input.press('x', { timeout: 2_000 }).then(
        () => input.inputValue({ timeout: 2_000 }),
        () => '',
      );
      return typed.endsWith('x') ? found : undefined;
    },
    `${view.container}'s input to take typing`,
    60_000,
  );
  const elapsed = performance.now() - started;
  await frame.locator(view.input).fill('', { timeout: 5_000 });
  return elapsed;
}

/** The view is not shown: the side bar is closed and no frame shows its input. */
async function assertClosed(page: Page, view: OpenableView): Promise<void> {
  if ((await sideBar(page).isVisible()) || (await frameWithInput(page, view.input))) throw new Error(`${view.container} is not closed before the click`);
}

/**
 * Clicks the icon of the view shown (the icon toggles the side bar) and waits until it is closed.
 * VS Code now and then drops a click (a run failed with the side bar still open 10 s later): one
 * more click, only while the side bar still shows, after CLOSE_RETRY_MS (logged from `clickedAgain`).
 */
async function closeByIcon(page: Page, view: OpenableView): Promise<void> {
  const closed = async () => !(await sideBar(page).isVisible()) && !(await frameWithInput(page, view.input));
  await clickIcon(page, view);
  const retryAt = performance.now() + CLOSE_RETRY_MS;
  let retried = false;
  await untilFrame(
    page,
    async () => {
      if (await closed()) return true;
      // Only while the side bar shows: a frame slow to hide after it closed would be opened again.
      if (!retried && performance.now() >= retryAt && (await sideBar(page).isVisible())) {
        retried = true;
        clickedAgain.push(view.container);
        await clickIcon(page, view);
      }
      return undefined;
    },
    `${view.container} to close`,
    10_000,
  );
}
const CLOSE_RETRY_MS = 3_000;
/** The views whose icon had to be clicked twice to close them, one entry each time. */
const clickedAgain: string[] = [];

/** Closes the side bar (a new window shows the Explorer), and waits until it is. */
async function closeSideBar(e2e: E2E): Promise<void> {
  const page = e2e.workbench.page;
  if (await sideBar(page).isVisible()) await e2e.workbench.runCommand('View: Close Primary Side Bar');
  await untilFrame(page, async () => ((await sideBar(page).isVisible()) ? undefined : true), 'the side bar to close', 10_000);
}
