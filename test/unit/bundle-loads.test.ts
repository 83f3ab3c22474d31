import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import type * as Versions from '../../src/core/context/versions';

const root = join(__dirname, '../..');

/** Every name the vscode module exports (from its typings). */
function vscodeNames(): Set<string> {
  const typings = ['node_modules/@types/vscode/index.d.ts', 'src/host/nativeChat/vscodeChatApi.d.ts']
    .filter((file) => existsSync(join(root, file)))
    .map((file) => readFileSync(join(root, file), 'utf8'))
    .join('\n');
  return new Set([...typings.matchAll(/export (?:namespace|class|enum|const|function|let) (\w+)/g)].map((m) => m[1]!));
}

/**
 * The shipped bundle loads in plain Node with only `vscode` missing: a dependency that esbuild
 * could not bundle (a runtime `require` of a relative file, say) fails here, not in VS Code.
 */
test('dist/extension.js loads and exports activate and deactivate', () => {
  // Fails rather than skips: a suite that skips without dist/ could never catch a broken bundle.
  assert.ok(existsSync(join(root, 'dist/extension.js')), 'dist/extension.js is missing: run npm run build first (npm run test:unit does)');
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = loader._load;
  const names = vscodeNames();
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

/** A banner above esbuild's "use strict" would make it an expression: the host bundles start strict (esbuild.mjs). */
test('the extension-host bundles run in strict mode', () => {
  for (const file of ['dist/extension.js', 'dist/extension-main.js']) {
    assert.ok(existsSync(join(root, file)), `${file} is missing: run npm run build first (npm run test:unit does)`);
    assert.ok(readFileSync(join(root, file), 'utf8').startsWith('"use strict";'), `${file} does not start with "use strict"`);
  }
});

/** The library versions' bundle, which the extension requires on the first question about code, resolves on its own. */
test('dist/versions.js loads without vscode and resolves a version from a lockfile', async () => {
  assert.ok(existsSync(join(root, 'dist/versions.js')), 'dist/versions.js is missing: run npm run build first (npm run test:unit does)');
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

/**
 * Activation loads only the stand-ins: dist/extension-main.js (the chat, its sources, keys,
 * history) is required on first use, here a command, whose real registration then replaces the
 * stand-in and runs.
 */
/** `object`, answering `fallback` for anything it lacks. */
const withFallback = (object: object, fallback: unknown) => new Proxy(object, { get: (t, k) => (t as Record<string | symbol, unknown>)[k] ?? fallback });

test('activation registers stand-ins and loads the rest only on first use', async () => {
  assert.ok(existsSync(join(root, 'dist/extension-main.js')), 'dist/extension-main.js is missing: run npm run build first (npm run test:unit does)');
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = loader._load;
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const loaded: string[] = [];
  const disposable = { dispose() {} };
  const anything: object = new Proxy(function () {}, {
    get: (_target, key) => (key === 'then' ? undefined : key === 'prototype' ? {} : key === Symbol.toPrimitive ? () => '' : anything),
    set: () => true,
    apply: () => anything,
    construct: () => anything,
  });
  const vscodeStub = {
    ...Object.fromEntries([...vscodeNames()].map((name) => [name, anything])),
    ...{
      Disposable: { from: (...items: { dispose(): void }[]) => ({ dispose: () => items.forEach((d) => d.dispose()) }) },
      commands: {
        // As VS Code does: the handler runs with `thisArg` as `this`.
        registerCommand: (id: string, run: (...args: unknown[]) => unknown, thisArg?: unknown) => {
          if (commands.has(id)) throw new Error(`command '${id}' already exists`);
          commands.set(id, thisArg === undefined ? run : run.bind(thisArg));
          return { dispose: () => commands.delete(id) };
        },
        executeCommand: (id: string, ...args: unknown[]) => Promise.resolve(commands.get(id)?.(...args)),
      },
      window: withFallback({ registerWebviewViewProvider: () => disposable, registerWebviewPanelSerializer: () => disposable }, anything),
      // Paths are strings (the history store joins its search folder onto its own).
      Uri: withFallback({ joinPath: (_base: unknown, ...parts: string[]) => ({ fsPath: join(tmpdir(), 'you-agents-bundle-loads', ...parts) }) }, anything),
    },
  };
  // Each require of vscode costs VS Code's extension host a real-path lookup of the requiring file (esbuild.mjs).
  let vscodeRequires = 0;
  loader._load = (request, parent, isMain) => {
    if (request === 'vscode') {
      vscodeRequires++;
      return vscodeStub;
    }
    if (request.includes('extension-main')) loaded.push(request);
    return original(request, parent, isMain);
  };
  try {
    const path = join(root, 'dist/extension.js');
    delete require.cache[path];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the CommonJS bundle exactly as VS Code does
    const extension = require(path) as { activate(context: unknown): void };
    const packageJSON = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    const context = withFallback({ subscriptions: [] as unknown[], extension: { packageJSON } }, anything);
    extension.activate(context);
    assert.deepEqual(loaded, [], 'activation did not load the rest');
    assert.equal(vscodeRequires, 1, 'the activation bundle requires vscode once');
    assert.deepEqual([...commands.keys()].sort(), packageJSON.contributes.commands.map((c) => c.command).sort(), 'every contributed command has a stand-in');
    const standIn = commands.get('youAgents.showLogs')!;
    await standIn();
    assert.equal(loaded.length, 1, 'the first command loaded the rest');
    assert.equal(vscodeRequires, 2, 'the rest requires vscode once');
    assert.notEqual(commands.get('youAgents.showLogs'), standIn, 'the real command replaced the stand-in');
  } finally {
    loader._load = original;
  }
});
