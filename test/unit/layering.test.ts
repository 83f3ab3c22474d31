import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '../..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

test('the protocol core never imports vscode, so it runs in plain Node', () => {
  const files = sourcesUnder(join(root, 'src/core'));
  assert.ok(files.length > 5);
  for (const file of files) {
    assert.ok(!importsOf(file).includes('vscode'), `${relative(root, file)} imports vscode`);
  }
});

test('only the networking module calls fetch', () => {
  for (const file of sourcesUnder(join(root, 'src'))) {
    if (file.endsWith(join('net', 'http.ts'))) continue;
    // The demo's canned answers show fetch in a code sample; they are text, not calls.
    if (file.endsWith(join('demo', 'answers.ts'))) continue;
    assert.doesNotMatch(readFileSync(file, 'utf8'), /\bfetch\(/, `${relative(root, file)} calls fetch`);
  }
});

test('the demo agent is product code: plain Node, no vscode, no test code', () => {
  const files = sourcesUnder(join(root, 'src/demo'));
  assert.ok(files.length >= 3);
  for (const file of files) {
    const imports = importsOf(file);
    assert.ok(!imports.includes('vscode'), `${relative(root, file)} imports vscode`);
    assert.ok(!imports.some((i) => i.includes('/test/') || i.startsWith('../../test')), `${relative(root, file)} imports test code`);
  }
});
