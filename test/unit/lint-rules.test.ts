import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceFiles } from '../tools/l10nStrings';
import { test } from 'node:test';
import { ESLint } from 'eslint';

/**
 * The layer rules of eslint.config.mjs, checked on small fixtures linted as if they lived at a
 * path inside src/: each rule must fire on a deliberate violation and stay quiet on legal code.
 */
const root = join(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(fixture: string, virtualPath: string): Promise<string[]> {
  const code = readFileSync(join(root, 'test/fixtures/lint', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: join(root, virtualPath), warnIgnored: true });
  assert.ok(result, `no lint result for ${fixture}`);
  return [...new Set(result.messages.map((m) => m.ruleId ?? `(fatal) ${m.message}`))].sort();
}

const violations: { fixture: string; at: string; rules: string[] }[] = [
  { fixture: 'core-imports-vscode.ts', at: 'src/core/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'core-imports-host.ts', at: 'src/core/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'core-imports-webview.ts', at: 'src/core/you/__fixture.ts', rules: ['no-restricted-imports'] },
  // Not even a type: the core owns its types and shared builds on them, not the other way round.
  { fixture: 'core-imports-shared-type.ts', at: 'src/core/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'webview-imports-vscode.ts', at: 'src/webview/__fixture.ts', rules: ['no-restricted-imports'] },
  // Pure host code (src/host/common, any depth, any name) is tested in plain Node: not even a type from vscode.
  { fixture: 'core-imports-vscode.ts', at: 'src/host/common/nativeChat/render.ts', rules: ['no-restricted-imports'] },
  { fixture: 'imports-vscode-type.ts', at: 'src/host/common/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'imports-vscode-type.ts', at: 'src/host/common/new/deeper/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'webview-imports-node-scheme.ts', at: 'src/webview/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'webview-imports-node-bare.ts', at: 'src/webview/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'webview-imports-host.ts', at: 'src/webview/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'shared-value-import.ts', at: 'src/shared/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'src-imports-test.ts', at: 'src/host/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'src-imports-test.ts', at: 'src/webview/__fixture.ts', rules: ['no-restricted-imports'] },
  { fixture: 'src-type-imports-test-inline.ts', at: 'src/host/__fixture.ts', rules: ['@typescript-eslint/consistent-type-imports', 'no-restricted-syntax'] },
  { fixture: 'calls-fetch.ts', at: 'src/host/__fixture.ts', rules: ['no-restricted-globals'] },
  { fixture: 'calls-fetch.ts', at: 'src/core/you/client.ts', rules: ['no-restricted-globals'] },
  { fixture: 'calls-global-fetch.ts', at: 'src/webview/__fixture.ts', rules: ['no-restricted-syntax'] },
  // Named imports from vscode only: esbuild copies the whole API per namespace import (type-only namespaces are fine).
  { fixture: 'vscode-namespace-import.ts', at: 'src/host/__fixture.ts', rules: ['no-restricted-syntax'] },
  { fixture: 'vscode-namespace-import.ts', at: 'src/extension.ts', rules: ['no-restricted-syntax'] },
  { fixture: 'long-line.ts', at: 'src/core/__fixture.ts', rules: ['@stylistic/max-len'] },
  // No function in src/ over 60 lines (blank lines and comments aside), in any layer.
  { fixture: 'long-function.ts', at: 'src/core/__fixture.ts', rules: ['max-lines-per-function'] },
  { fixture: 'long-function.ts', at: 'src/host/commands/__fixture.ts', rules: ['max-lines-per-function'] },
  { fixture: 'long-function.ts', at: 'src/webview/__fixture.ts', rules: ['max-lines-per-function'] },
];

for (const { fixture, at, rules } of violations) {
  test(`${fixture} at ${at} is reported by ${rules.join(' and ')}`, async () => {
    assert.deepEqual(await ruleIds(fixture, at), rules);
  });
}

const legal: { fixture: string; at: string }[] = [
  { fixture: 'core-legal.ts', at: 'src/core/__fixture.ts' },
  { fixture: 'webview-legal.ts', at: 'src/webview/__fixture.ts' },
  { fixture: 'shared-legal.ts', at: 'src/shared/__fixture.ts' },
  // What is forbidden in one layer is the job of another.
  { fixture: 'core-imports-vscode.ts', at: 'src/host/__fixture.ts' },
  { fixture: 'core-imports-vscode.ts', at: 'src/host/nativeChat/participant.ts' },
  { fixture: 'imports-vscode-type.ts', at: 'src/host/nativeChat/__fixture.ts' },
  { fixture: 'core-legal.ts', at: 'src/host/common/nativeChat/render.ts' },
  { fixture: 'long-function-with-reason.ts', at: 'src/host/__fixture.ts' },
  { fixture: 'imports-vscode-type.ts', at: 'src/host/nativeChat/render.ts' },
  { fixture: 'webview-imports-node-scheme.ts', at: 'src/core/__fixture.ts' },
  { fixture: 'shared-value-import.ts', at: 'src/host/__fixture.ts' },
  { fixture: 'calls-fetch.ts', at: 'src/core/net/http.ts' },
  { fixture: 'calls-global-fetch.ts', at: 'src/core/net/http.ts' },
  { fixture: 'calls-fetch.ts', at: 'test/servers/__fixture.ts' },
  { fixture: 'src-imports-test.ts', at: 'test/e2e/__fixture.ts' },
];

for (const { fixture, at } of legal) {
  test(`${fixture} at ${at} is clean`, async () => {
    assert.deepEqual(await ruleIds(fixture, at), []);
  });
}

test('the pure-host rule is a folder: at every file of src/host, a vscode type import is refused exactly under src/host/common', async () => {
  const files = sourceFiles(join(root, 'src/host')).map((path) => relative(root, path));
  assert.ok(files.some((f) => f.startsWith('src/host/common/')) && files.some((f) => !f.startsWith('src/host/common/')));
  for (const file of files) {
    const fires = (await ruleIds('imports-vscode-type.ts', file)).includes('no-restricted-imports');
    assert.equal(fires, file.startsWith('src/host/common/'), file);
  }
});
