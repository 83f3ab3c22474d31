import { join } from 'node:path';
import { build } from 'esbuild';

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
