import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import type * as LibraryVersionsModule from '../../src/host/code/libraryVersions';
import { requireWithVscode } from './helpers';

/**
 * The host side of library versions (src/host/code/libraryVersions.ts) with a fake `vscode`
 * whose file system records every path it is asked about: in an untrusted workspace, with the
 * setting off, or for a file outside every workspace folder, nothing at all is stat'ed, listed
 * or read. The resolver bundle (dist/versions.js in the extension) is a shim onto the source.
 */

const LIST_TS = "import { useState } from 'react';\n\nexport const useCount = (n: number) => useState(n);\n";
const FILES: Record<string, string> = {
  // Above the workspace folder: never read, whatever the file's folder lacks.
  '/home/me/package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/react': { version: '17.0.2' } } }),
  '/home/me/app/package.json': JSON.stringify({ name: 'app', dependencies: { react: '^18.3.0' } }),
  '/home/me/app/package-lock.json': JSON.stringify({
    lockfileVersion: 3,
    packages: { '': { name: 'app', dependencies: { react: '^18.3.0' } }, 'node_modules/react': { version: '18.3.1' } },
  }),
  '/home/me/app/src/list.ts': LIST_TS,
  '/home/me/notes/list.ts': LIST_TS,
};

class Uri {
  constructor(
    readonly path: string,
    readonly scheme = 'file',
    readonly authority = '',
  ) {}
  get fsPath(): string {
    return this.path;
  }
  with(change: { path: string }): Uri {
    return new Uri(change.path, this.scheme, this.authority);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: [base.path.replace(/\/$/, ''), ...segments].join('/') });
  }
}

/** Every path the code under test asked the file system about, in order. */
const touched: string[] = [];
const configListeners: ((event: { affectsConfiguration(section: string): boolean }) => void)[] = [];
let settingValue: unknown = true;
const folder = { uri: new Uri('/home/me/app'), name: 'app', index: 0 };

const workspace = {
  isTrusted: false,
  workspaceFolders: [folder] as (typeof folder)[] | undefined,
  getWorkspaceFolder: (uri: Uri) => workspace.workspaceFolders?.find((f) => uri.path.startsWith(`${f.uri.path}/`)),
  getConfiguration: () => ({ get: (key: string) => (key === 'context.libraryVersions' ? settingValue : undefined) }),
  onDidChangeConfiguration: (listener: (typeof configListeners)[number]) => {
    configListeners.push(listener);
    return { dispose: () => configListeners.splice(configListeners.indexOf(listener), 1) };
  },
  fs: {
    async stat(uri: Uri) {
      touched.push(uri.path);
      const text = FILES[uri.path];
      if (text === undefined) throw new Error('FileNotFound');
      return { type: 1, mtime: 1, size: text.length };
    },
    async readFile(uri: Uri) {
      touched.push(uri.path);
      const text = FILES[uri.path];
      if (text === undefined) throw new Error('FileNotFound');
      return new TextEncoder().encode(text);
    },
    async readDirectory(uri: Uri) {
      touched.push(uri.path);
      const prefix = `${uri.path}/`;
      const names = Object.keys(FILES)
        .filter((p) => p.startsWith(prefix))
        .map((p) => p.slice(prefix.length).split('/')[0]!);
      return [...new Set(names)].map((name) => [name, 1]);
    },
  },
};
const fake = { workspace, Uri, FileType: { File: 1, Directory: 2 } };

// The extension loads dist/versions.js on first use; here a shim in its place loads the source.
const extensionDir = mkdtempSync(join(tmpdir(), 'you-agents-versions-'));
mkdirSync(join(extensionDir, 'dist'));
const versionsSource = join(__dirname, '..', '..', 'src', 'core', 'context', 'versions.ts');
writeFileSync(join(extensionDir, 'dist', 'versions.js'), `module.exports = require(${JSON.stringify(versionsSource)});\n`);

const { LibraryVersions } = requireWithVscode<typeof LibraryVersionsModule>('../../src/host/code/libraryVersions', fake);
const logged: string[] = [];
const log = { debug() {}, info: (line: string) => void logged.push(line), warn: (line: string) => void logged.push(line), error() {} };
let enabled = true;
const versions = new LibraryVersions(new Uri(extensionDir) as never, log, () => enabled);

const documentAt = (path: string) => ({ uri: new Uri(path), languageId: 'typescript', getText: () => LIST_TS }) as never;
const inApp = documentAt('/home/me/app/src/list.ts');
const selection = 'useState(n)';

beforeEach(() => {
  touched.length = 0;
  workspace.isTrusted = true;
  workspace.workspaceFolders = [folder];
  enabled = true;
});

test('in an untrusted workspace nothing is stat’ed, listed or read and no versions are returned; once trusted, the next question reads them', async () => {
  workspace.isTrusted = false;
  assert.deepEqual(await versions.forCode(inApp, selection), []);
  assert.deepEqual(touched.slice(), []);

  // Trust is checked per question and nothing about the untrusted state is kept, so no
  // onDidGrantWorkspaceTrust listener is needed: the first question after the grant reads.
  workspace.isTrusted = true;
  assert.deepEqual(await versions.forCode(inApp, selection), [{ name: 'react', version: '18.3.1', exact: true }]);
  assert.ok(touched.includes('/home/me/app/package-lock.json'));
});

test('a file outside every workspace folder reads nothing, and a file inside reads nothing above its folder', async () => {
  assert.deepEqual(await versions.forCode(documentAt('/home/me/notes/list.ts'), selection), []);
  assert.deepEqual(touched.slice(), [], 'nothing for a file outside the folders');

  workspace.workspaceFolders = undefined;
  assert.deepEqual(await versions.forCode(inApp, selection), []);
  assert.deepEqual(touched.slice(), [], 'nothing with no folder open');

  workspace.workspaceFolders = [folder];
  assert.deepEqual(await versions.forCode(inApp, selection), [{ name: 'react', version: '18.3.1', exact: true }]);
  assert.ok(touched.length > 0);
  const outside = touched.filter((path) => path !== '/home/me/app' && !path.startsWith('/home/me/app/'));
  assert.deepEqual(outside, [], 'every path read is inside the workspace folder');
});

test('with the setting off nothing is read; a change of the setting is logged with its new value', async () => {
  enabled = false;
  assert.deepEqual(await versions.forCode(inApp, selection), []);
  assert.deepEqual(touched.slice(), []);

  settingValue = false;
  for (const listener of [...configListeners]) listener({ affectsConfiguration: (section) => 'youAgents.context.libraryVersions'.startsWith(section) });
  for (const listener of [...configListeners]) listener({ affectsConfiguration: (section) => section === 'youAgents.openIn' || section === 'youAgents' });
  assert.deepEqual(
    logged.filter((line) => line.includes('changed')),
    ['library versions: off (youAgents.context.libraryVersions changed)'],
    'one line for the setting, none for another setting',
  );
  settingValue = true;

  versions.dispose();
  assert.equal(configListeners.length, 0, 'disposing stops listening');
});
