import { statSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, readLogs, startE2E, type E2E } from '../e2e/setup';

/**
 * Figures from the extension in real VS Code (code-server, installed from the .vsix): delta-to-DOM
 * latency over 400 stamped deltas (in the webview chat and in VS Code's own Chat view, same run),
 * activation time, and the shipped sizes.
 */
export async function vscodeFigures(log: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  log('vscode: starting code-server with the packaged extension');
  process.env.E2E_REUSE_VSIX = '1'; // run.ts packaged it just before
  // AI features on, so the same run can measure VS Code's own Chat view too.
  const e2e = await startE2E('bench', { 'youAgents.demo.serverUrl': '$YOU', 'chat.disableAIFeatures': false }, { apiKey: undefined });
  const figures: Record<string, number> = {};
  try {
    const chat = await e2e.workbench.openChatView();
    await chat.locator('.agent-select').waitFor();
    const activated = await eventually(() => /activated in ([\d.]+) ms \(module ([\d.]+) \+ activate ([\d.]+); ([\d.]+) ms after/.exec(readLogs(e2e.profile).extension) ?? undefined, 'the activation time in the log');
    figures.activate_ms = Number(activated[1]);
    figures.activate_module_ms = Number(activated[2]);
    figures.activate_call_ms = Number(activated[3]);
    figures.activate_wall_ms = Number(activated[4]);

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
  const root = join(__dirname, '..', '..');
  const kb = (path: string) => Math.round((statSync(join(root, path)).size / 1024) * 10) / 10;
  figures.extension_bundle_kb = kb('dist/extension.js');
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
