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
    assert.doesNotMatch(readFileSync(file, 'utf8'), /\bfetch\(/, `${relative(root, file)} calls fetch`);
  }
});
