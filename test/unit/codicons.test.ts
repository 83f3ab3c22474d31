import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as HarfBuzz from 'harfbuzzjs';

const ROOT = join(__dirname, '..', '..');

/**
 * The icon font the webview loads (dist/codicons/codicon.ttf, which esbuild.mjs cuts down to the
 * icons the chat uses) has a glyph for every icon its stylesheet names, and no other: an icon the
 * subset dropped would show blank.
 */
test('the icon font has a glyph for exactly the icons the stylesheet names', async () => {
  // harfbuzzjs (the engine subset-font uses) is ESM with top-level await: imported, not required.
  const { Blob, Face } = (await import('harfbuzzjs')) as typeof HarfBuzz;
  const css = readFileSync(join(ROOT, 'dist', 'codicons', 'codicon.css'), 'utf8');
  const named = [...css.matchAll(/:before \{ content: "\\([0-9a-f]+)" \}/g)].map((m) => parseInt(m[1]!, 16));
  const used = readFileSync(join(ROOT, 'src', 'webview', 'codicons.txt'), 'utf8').split(/\s+/).filter(Boolean);
  assert.equal(named.length, used.length, 'a class for each icon the webview uses (src/webview/codicons.txt)');
  const face = new Face(new Blob(readFileSync(join(ROOT, 'dist', 'codicons', 'codicon.ttf'))), 0);
  const covered = [...face.collectUnicodes()];
  assert.deepEqual(covered.sort((a, b) => a - b), named.sort((a, b) => a - b));
});

