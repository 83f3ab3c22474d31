import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../bench/render-bench';

const ROOT = join(__dirname, '..', '..');

/**
 * The chat webview from src/ into `outdir`, as the browser tests load it: webview.js,
 * webview-markdown.js and webview-style.css (esbuild.mjs's browser options, not minified).
 */
export async function buildWebviewBundles(outdir: string): Promise<void> {
  await build({
    entryPoints: {
      webview: join(ROOT, 'src/webview/main.ts'),
      'webview-markdown': join(ROOT, 'src/webview/markdownChunk.ts'),
      'webview-style': join(ROOT, 'src/webview/style.css'),
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
    outdir,
  });
}

/**
 * A suite's chat pages in headless Chromium: the bundles are built into a temporary folder and the
 * browser launched before the suite, both removed after it. Call at the top of a test file.
 */
export function chatPageTestBed(name: string): {
  /**
   * A page as the host writes one: `body` after the app's element, `setup` run before the bundles
   * (the webview API is a stub that keeps what is posted in `window.__posted`).
   */
  open(body?: string, setup?: string): Promise<Page>;
} {
  let dir = '';
  let browser: Browser | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), `${name}-`));
    await buildWebviewBundles(dir);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    async open(body = '', setup = '') {
      if (!browser) throw new Error('chatPageTestBed: the browser is not started (open is for tests, after `before`)');
      const p = await browser.newPage({ viewport: { width: 700, height: 900 } });
      p.setDefaultTimeout(30_000); // generous: a loaded 2-core machine is slow, and every wait ends on its condition
      await p.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body class="vscode-dark"><div id="app"></div>${body}</body></html>`);
      await p.evaluate(`${setup}
        window.__posted = [];
        window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState() {} });
      `);
      // The turns chunk is on the page before the chat's bundle, as when the host's page opens on turns.
      await p.addStyleTag({ path: join(dir, 'webview-style.css') });
      await p.addScriptTag({ path: join(dir, 'webview-markdown.js') });
      await p.addScriptTag({ path: join(dir, 'webview.js') });
      return p;
    },
  };
}
