import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as Versions from '../../src/core/context/versions';

const root = join(__dirname, '../..');

/**
 * The shipped bundle loads in plain Node with only `vscode` missing: a dependency that esbuild
 * could not bundle (a runtime `require` of a relative file, say) fails here, not in VS Code.
 */
test('dist/extension.js loads and exports activate and deactivate', () => {
  // Fails rather than skips: a suite that skips without dist/ could never catch a broken bundle.
  assert.ok(existsSync(join(root, 'dist/extension.js')), 'dist/extension.js is missing: run npm run build first (npm run test:unit does)');
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = loader._load;
  // Every name the vscode module exports (from its typings), each a stand-in that accepts any use.
  const typings = ['node_modules/@types/vscode/index.d.ts', 'src/host/nativeChat/vscodeChatApi.d.ts']
    .filter((file) => existsSync(join(root, file)))
    .map((file) => readFileSync(join(root, file), 'utf8'))
    .join('\n');
  const names = new Set([...typings.matchAll(/export (?:namespace|class|enum|const|function|let) (\w+)/g)].map((m) => m[1]!));
  const anything: object = new Proxy(function () {}, {
    get: (_target, key) => (key === 'prototype' ? {} : key === Symbol.toPrimitive ? () => '' : anything),
    apply: () => anything,
    construct: () => anything,
  });
  const vscodeStub = Object.fromEntries([...names].map((name) => [name, anything]));
  loader._load = (request, parent, isMain) => (request === 'vscode' ? vscodeStub : original(request, parent, isMain));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the CommonJS bundle exactly as VS Code does
    const extension = require(join(root, 'dist/extension.js')) as { activate?: unknown; deactivate?: unknown };
    assert.equal(typeof extension.activate, 'function');
    assert.equal(typeof extension.deactivate, 'function');
  } finally {
    loader._load = original;
  }
});

/** The library versions' bundle, which the extension requires on the first question about code, resolves on its own. */
const versionsBuilt = existsSync(join(root, 'dist/versions.js'));
test('dist/versions.js loads without vscode and resolves a version from a lockfile', { skip: !versionsBuilt && 'run npm run build first' }, async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the CommonJS bundle exactly as the extension does
  const bundle = require(join(root, 'dist/versions.js')) as typeof Versions;
  const files = new Map([
    ['/w/package.json', '{"dependencies":{"react":"^18"}}'],
    ['/w/pnpm-lock.yaml', "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      react:\n        specifier: ^18\n        version: 18.3.1\n"],
  ]);
  const service = bundle.createVersionResolver(
    {
      stat: async (path) => (files.has(path) ? { mtime: 1, size: files.get(path)!.length } : undefined),
      read: async (path) => files.get(path)!,
      list: async (dir) => [...files.keys()].filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1)),
    },
    () => {},
  );
  const found = await service.versionsFor({ file: '/w/src/a.tsx', roots: ['/w'], ecosystem: 'npm', code: "import React from 'react';" });
  assert.deepEqual(found, [{ name: 'react', version: '18.3.1', exact: true }]);
});
