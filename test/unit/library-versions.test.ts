import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { librariesUsed, scanImports, ecosystemOf, npmPackageName } from '../../src/core/context/imports';
import { readPackageLock, readPnpmLock, readYarnLock } from '../../src/core/context/lockfiles/npm';
import { readPoetryLock, readPyprojectConstraints, readRequirements, readUvLock } from '../../src/core/context/lockfiles/python';
import { readGoModules } from '../../src/core/context/lockfiles/go';
import { readCargoLock } from '../../src/core/context/lockfiles/cargo';
import { dirsUpToRoot, documentationDomain, VersionResolver, type WorkspaceFiles } from '../../src/core/context/versions';
import { versionsLine, withVersionsLine } from '../../src/core/context/versionsLine';
import { versionsChipLabel, versionsQuestionLabel } from '../../src/host/common/code/attachmentText';
import { untranslated } from '../../src/core/translate';
import type { Importer, LockedVersions } from '../../src/core/context/lockfiles/types';

const FIXTURES = resolve('test/fixtures/lockfiles');
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const root: Importer = { dir: '' };
const version = (index: LockedVersions, name: string, importer = root) => index.lookup(name, importer)?.version;

/** The fixtures folder as a workspace, counting what is read. */
function diskFiles(): WorkspaceFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async stat(path) {
      try {
        const s = statSync(path);
        return s.isFile() ? { mtime: s.mtimeMs, size: s.size } : undefined;
      } catch {
        return undefined;
      }
    },
    async read(path) {
      reads.push(path);
      return readFileSync(path, 'utf8');
    },
    async list(dir) {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}

/** A workspace held in memory: path -> text, with modification times the test can move. */
function memoryFiles(files: Record<string, string>): WorkspaceFiles & { reads: string[]; mtimes: Map<string, number> } {
  const reads: string[] = [];
  const mtimes = new Map(Object.keys(files).map((p) => [p, 1]));
  return {
    reads,
    mtimes,
    async stat(path) {
      return path in files ? { mtime: mtimes.get(path) ?? 1, size: files[path]!.length } : undefined;
    },
    async read(path) {
      reads.push(path);
      const text = files[path];
      if (text === undefined) throw new Error(`no ${path}`);
      return text;
    },
    async list(dir) {
      const prefix = `${dir}/`;
      return [...new Set(Object.keys(files).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]!))];
    },
  };
}

// ---- import syntax -------------------------------------------------------------------------

test('ES import, export from, require and dynamic import() name npm packages; relative paths and built-ins do not', () => {
  const code = [
    "import React, { useState as useLocal } from 'react';",
    "import type { QueryClient } from '@tanstack/react-query';",
    "import * as path from 'node:path';",
    "import './styles.css';",
    "import 'zone.js';",
    "export { z } from 'zod/v4';",
    "const _ = require('lodash/fp');",
    'const { debounce } = require("lodash-es");',
    "const chart = await import('chart.js/auto');",
    "import local from '../local';",
    "import alias from '@/components/x';",
  ].join('\n');
  const refs = scanImports('npm', code);
  assert.deepEqual(
    refs.map((r) => r.name),
    ['react', '@tanstack/react-query', 'zod', 'zone.js', 'lodash', 'lodash-es', 'chart.js'],
  );
  assert.deepEqual(refs.find((r) => r.name === 'react')?.bindings, ['React', 'useLocal']);
  assert.deepEqual(refs.find((r) => r.name === 'lodash-es')?.bindings, ['debounce']);
  assert.equal(npmPackageName('@scope'), undefined);
  assert.equal(npmPackageName('https://esm.sh/react'), undefined);
});

test('Python import and from … import name top-level modules; relative imports do not', () => {
  const code = [
    'import numpy as np, os.path',
    'from requests.adapters import HTTPAdapter',
    'from . import sibling',
    'from yaml import (',
    '    safe_load,',
    '    dump as yaml_dump,',
    ')',
  ].join('\n');
  const refs = scanImports('pypi', code);
  assert.deepEqual(
    refs.map((r) => [r.name, r.bindings]),
    [
      ['numpy', ['np']],
      ['os', ['os']],
      ['requests', ['HTTPAdapter']],
      ['yaml', ['safe_load', 'yaml_dump']],
    ],
  );
});

test('Go imports, single and grouped, with aliases; the standard library is not a module', () => {
  const code = [
    'import "fmt"',
    'import (',
    '\t"net/http"',
    '\tv "github.com/go-playground/validator/v10"',
    '\t"github.com/gin-gonic/gin/binding"',
    '\t_ "golang.org/x/net/html"',
    ')',
  ].join('\n');
  assert.deepEqual(
    scanImports('go', code).map((r) => [r.name, r.bindings]),
    [
      ['github.com/go-playground/validator/v10', ['v']],
      ['github.com/gin-gonic/gin/binding', ['binding']],
      ['golang.org/x/net/html', ['html']],
    ],
  );
});

test('Rust use and extern crate name crates; crate, self, super and std do not', () => {
  const code = [
    'extern crate serde_json as json;',
    'use serde::{Deserialize, Serialize};',
    'use crate::config::Config;',
    'use std::io;',
    'use ::regex::Regex;',
  ].join('\n');
  assert.deepEqual(
    scanImports('cargo', code).map((r) => r.name),
    ['serde', 'regex', 'serde_json'],
  );
});

test('a selection names what the file imports: the libraries of the imports it uses, not of the others', () => {
  const file = [
    "import { useQuery } from '@tanstack/react-query';",
    "import dayjs from 'dayjs';",
    "import React from 'react';",
    '',
    'export function List() {',
    "  const q = useQuery({ queryKey: ['x'] });",
    '  return q;',
    '}',
  ].join('\n');
  const selection = "  const q = useQuery({ queryKey: ['x'] });";
  assert.deepEqual(librariesUsed('npm', selection, file), ['@tanstack/react-query']);
  assert.deepEqual(librariesUsed('cargo', 'let v = serde_json::from_str(&s)?; crate::x(); std::mem::take(&mut a);'), ['serde_json']);
  assert.deepEqual(librariesUsed('npm', 'const x = 1;', file), [], 'code that names no import sends nothing');
});

test('the ecosystem comes from the language id, else the file extension', () => {
  assert.equal(ecosystemOf('typescriptreact'), 'npm');
  assert.equal(ecosystemOf('python'), 'pypi');
  assert.equal(ecosystemOf('plaintext', 'src/main.rs'), 'cargo');
  assert.equal(ecosystemOf('markdown', 'README.md'), undefined);
});

// ---- lockfile formats (real excerpts, see test/fixtures/lockfiles/LICENSES.md) -------------

test('package-lock.json v2 (axios) and npm-shrinkwrap.json (netlify-cli)', () => {
  const axios = readPackageLock(fixture('npm-v2-axios/package-lock.json'));
  assert.equal(version(axios, 'follow-redirects'), '1.15.6');
  assert.equal(version(axios, 'form-data'), '4.0.0');
  assert.equal(version(axios, 'react'), undefined, 'a library the lockfile lacks gives nothing');
  const netlify = readPackageLock(fixture('npm-shrinkwrap-netlify/npm-shrinkwrap.json'));
  assert.equal(version(netlify, 'chalk'), '5.2.0');
  assert.equal(version(netlify, '@netlify/build'), '29.9.2');
});

test('package-lock.json v3 with workspaces (lerna): two versions of ci-info, the importing package resolves its own', () => {
  const lerna = readPackageLock(fixture('npm-v3-lerna-workspaces/package-lock.json'));
  assert.equal(version(lerna, 'ci-info', { dir: 'packages/lerna' }), '4.3.1');
  assert.equal(version(lerna, 'ci-info', { dir: 'website' }), '3.9.0');
  assert.equal(version(lerna, 'ci-info'), '3.9.0');
  assert.equal(version(lerna, 'react', { dir: 'website' }), '19.2.7', 'hoisted to the root node_modules');
  assert.equal(version(lerna, 'lerna', { dir: 'website' }), '10.0.1', 'a workspace link resolves to the workspace package');
});

test('pnpm-lock.yaml v9 (vite): each importer its own tailwindcss; the peer suffix is dropped', () => {
  const vite = readPnpmLock(fixture('pnpm-v9-vite/pnpm-lock.yaml'));
  assert.equal(version(vite, 'tailwindcss', { dir: 'playground/tailwind' }), '4.3.3');
  assert.equal(version(vite, 'tailwindcss', { dir: 'playground/tailwind-v3' }), '3.4.19');
  assert.equal(version(vite, 'rollup', { dir: 'packages/vite' }), '4.59.0');
  assert.equal(version(vite, 'tailwindcss'), undefined, 'the root does not import it, and two versions are locked');
  assert.equal(version(vite, 'picomatch'), undefined, 'two versions in packages, none the root imports');
});

test('pnpm-lock.yaml v6 (vite, 2023): importers and the /name@version package keys', () => {
  const vite = readPnpmLock(fixture('pnpm-v6-vite/pnpm-lock.yaml'));
  assert.equal(version(vite, 'esbuild', { dir: 'packages/vite' }), '0.18.10');
  assert.equal(version(vite, 'picomatch', { dir: 'packages/vite' }), '2.3.1');
  assert.equal(version(vite, 'rollup'), '3.28.0');
  assert.equal(version(vite, 'picomatch'), '2.3.1', 'not the root’s dependency, but the only version locked');
  assert.equal(version(vite, 'esbuild'), undefined, 'three versions locked, the root imports none');
});

test('yarn.lock v1 (immer): the range in package.json picks the entry; several versions without one give nothing', () => {
  const immer = readYarnLock(fixture('yarn-v1-immer/yarn.lock'));
  const ranges = JSON.parse(fixture('yarn-v1-immer/package.json')).devDependencies as Record<string, string>;
  assert.equal(version(immer, '@babel/core', { dir: '', ranges }), '7.29.6');
  assert.equal(version(immer, 'typescript', { dir: '', ranges }), '5.0.2');
  assert.equal(version(immer, 'semver', { dir: '', ranges: { semver: '^6.3.1' } }), '6.3.1');
  assert.equal(version(immer, 'semver', { dir: '', ranges }), undefined);
  const quoted = readYarnLock('# yarn lockfile v1\n\n"foo@>=1.0.0, <2", foo@^1.2.0:\n  version "1.4.0"\n');
  assert.equal(version(quoted, 'foo', { dir: '', ranges: { foo: '>=1.0.0, <2' } }), '1.4.0');
});

test('yarn.lock berry (redux): the workspace entry’s descriptor picks among three semver versions', () => {
  const redux = readYarnLock(fixture('yarn-berry-redux/yarn.lock'));
  assert.equal(version(redux, 'typescript'), '5.8.2', 'from "redux@workspace:." dependencies');
  assert.equal(version(redux, '@babel/core'), '7.26.10');
  assert.equal(version(redux, 'semver', { dir: '', ranges: { semver: '^7.6.3' } }), '7.7.1', 'from the package.json range, with npm:');
  assert.equal(version(redux, 'semver'), undefined);
});

test('uv.lock (pydantic): distributions by normalised name, import names mapped (yaml -> PyYAML)', () => {
  const uv = readUvLock(fixture('uv-pydantic/uv.lock'));
  assert.deepEqual(uv.lookup('typing_extensions', root), { name: 'typing-extensions', version: '4.15.0', exact: true });
  assert.equal(version(uv, 'yaml'), '6.0.3');
  assert.equal(version(uv, 'email_validator'), '2.2.0');
  assert.equal(version(uv, 'pydantic'), undefined, 'the editable workspace package has no locked version');
  assert.equal(version(uv, 'numpy'), undefined);
});

test('uv.lock forked resolution: the workspace member’s dependency entry names its version', () => {
  const lock = [
    'version = 1',
    '[[package]]\nname = "numpy"\nversion = "1.26.4"\nsource = { registry = "https://pypi.org/simple" }',
    '[[package]]\nname = "numpy"\nversion = "2.1.0"\nsource = { registry = "https://pypi.org/simple" }',
    '[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "packages/app" }\ndependencies = [{ name = "numpy", version = "2.1.0" }]',
  ].join('\n\n');
  const uv = readUvLock(lock);
  assert.equal(version(uv, 'numpy', { dir: 'packages/app' }), '2.1.0');
  assert.equal(version(uv, 'numpy', { dir: 'packages/other' }), undefined);
});

test('poetry.lock (poetry), pinned requirements (flask), pyproject constraints (pydantic)', () => {
  const poetry = readPoetryLock(fixture('poetry/poetry.lock'));
  assert.equal(version(poetry, 'requests'), '2.33.1');
  assert.equal(version(poetry, 'yaml'), '6.0.3');
  const flask = readRequirements(fixture('requirements-flask/requirements-dev.txt'));
  assert.equal(version(flask, 'babel'), '2.17.0');
  assert.equal(version(flask, 'asgiref'), '3.8.1');
  const ranged = readRequirements('requests>=2.31\nflask[async]==3.1.0 ; python_version >= "3.9"  # pinned\n');
  assert.equal(version(ranged, 'requests'), undefined, 'a range is not a pin');
  assert.equal(version(readRequirements('flask[async]==3.1.0 ; python_version >= "3.9"'), 'flask'), '3.1.0');
  const constraints = readPyprojectConstraints(fixture('pyproject-only/pyproject.toml'));
  assert.deepEqual(constraints.lookup('pydantic_core', root), { name: 'pydantic-core', version: '==2.48.0', exact: false });
  assert.deepEqual(constraints.lookup('email_validator', root), { name: 'email-validator', version: '>=2.0.0', exact: false });
});

test('go.mod and go.sum (gin): an import path belongs to the longest module prefix', () => {
  const gin = readGoModules(fixture('go-gin/go.mod'), fixture('go-gin/go.sum'));
  const validator = 'github.com/go-playground/validator/v10';
  assert.deepEqual(gin.lookup(validator, root), { name: validator, version: 'v10.30.3', exact: true });
  assert.equal(version(gin, 'github.com/stretchr/testify/assert'), 'v1.11.1');
  assert.equal(version(gin, 'golang.org/x/net/html'), 'v0.56.0');
  assert.equal(version(gin, 'github.com/unknown/module'), undefined);
  const replaced = readGoModules('module x\n\nrequire github.com/a/b v1.0.0\n\nreplace github.com/a/b => github.com/a/b v1.2.0\n');
  assert.equal(version(replaced, 'github.com/a/b/c'), 'v1.2.0');
});

test('Cargo.lock (bat): crate names with underscores; two bitflags versions, the importing package’s entry wins', () => {
  const bat = readCargoLock(fixture('cargo-bat/Cargo.lock'));
  assert.equal(version(bat, 'serde_json'), '1.0.149');
  assert.equal(version(bat, 'syntect'), '5.3.0');
  assert.equal(version(bat, 'bitflags', { dir: '', name: 'crossterm' }), '2.11.1');
  assert.equal(version(bat, 'bitflags', { dir: '', name: 'defmt' }), '1.3.2');
  assert.equal(version(bat, 'bitflags', { dir: '', name: 'bat' }), undefined, 'bat itself depends on neither');
});

test('a lockfile that does not parse throws (the resolver logs it once and skips it)', () => {
  assert.throws(() => readPackageLock('{ nope'));
  assert.throws(() => readPnpmLock('lockfileVersion: [unclosed'));
  assert.throws(() => readCargoLock('[[package]\nname = '));
});

// ---- the resolver: finding files, monorepos, trust boundaries, cache ------------------------

test('the resolver finds the nearest lockfile and the importing package in a monorepo (lerna)', async () => {
  const files = diskFiles();
  const resolver = new VersionResolver(files, () => {});
  const rootDir = join(FIXTURES, 'npm-v3-lerna-workspaces');
  const file = `${rootDir}/packages/lerna/src/index.ts`;
  const inLerna = await resolver.resolve({ file, roots: [rootDir], ecosystem: 'npm', libraries: ['ci-info', 'chalk', 'not-locked'] });
  assert.deepEqual(inLerna, [
    { name: 'ci-info', version: '4.3.1', exact: true },
    { name: 'chalk', version: '4.1.2', exact: true },
  ]);
  const inWebsite = await resolver.resolve({ file: `${rootDir}/website/src/page.tsx`, roots: [rootDir], ecosystem: 'npm', libraries: ['ci-info'] });
  assert.deepEqual(inWebsite, [{ name: 'ci-info', version: '3.9.0', exact: true }]);
});

test('the resolver on each fixture: pnpm importer by folder, yarn ranges from package.json, Python, Go, Rust', async () => {
  const resolver = new VersionResolver(diskFiles(), () => {});
  const at = (dir: string, file: string, ecosystem: 'npm' | 'pypi' | 'go' | 'cargo', libraries: string[]) =>
    resolver
      .resolve({ file: join(FIXTURES, dir, file), roots: [join(FIXTURES, dir)], ecosystem, libraries })
      .then((r) => r.map((l) => `${l.name} ${l.version}`));
  assert.deepEqual(await at('pnpm-v9-vite', 'playground/tailwind-v3/src/main.ts', 'npm', ['tailwindcss']), ['tailwindcss 3.4.19']);
  assert.deepEqual(await at('pnpm-v9-vite', 'playground/tailwind/src/main.ts', 'npm', ['tailwindcss']), ['tailwindcss 4.3.3']);
  assert.deepEqual(await at('yarn-v1-immer', 'src/immer.ts', 'npm', ['lodash', 'semver']), ['lodash 4.18.1']);
  assert.deepEqual(await at('uv-pydantic', 'pydantic/main.py', 'pypi', ['typing_extensions', 'yaml', 'numpy']), ['typing-extensions 4.15.0', 'pyyaml 6.0.3']);
  assert.deepEqual(await at('requirements-flask', 'src/flask/app.py', 'pypi', ['babel']), ['babel 2.17.0']);
  assert.deepEqual(await at('pyproject-only', 'pydantic/main.py', 'pypi', ['annotated_types']), ['annotated-types >=0.6.0']);
  const validator = 'github.com/go-playground/validator/v10';
  assert.deepEqual(await at('go-gin', 'binding/default_validator.go', 'go', [validator]), [`${validator} v10.30.3`]);
  assert.deepEqual(await at('cargo-bat', 'src/lib.rs', 'cargo', ['serde_json', 'bitflags']), ['serde_json 1.0.149']);
});

test('nothing outside the workspace folder is read, and nothing for a file outside every folder', async () => {
  const lock = JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/react': { version: '18.3.1' } } });
  const files = memoryFiles({ '/outside/package-lock.json': lock });
  const resolver = new VersionResolver(files, () => {});
  assert.deepEqual(await resolver.resolve({ file: '/outside/ws/src/a.ts', roots: ['/outside/ws'], ecosystem: 'npm', libraries: ['react'] }), []);
  assert.deepEqual(await resolver.resolve({ file: '/elsewhere/a.ts', roots: ['/outside/ws'], ecosystem: 'npm', libraries: ['react'] }), []);
  assert.deepEqual(files.reads, []);
  assert.deepEqual(dirsUpToRoot('/w/a/b/c.ts', ['/w', '/w/a']), ['/w/a/b', '/w/a'], 'the innermost folder bounds the walk');
  assert.deepEqual(dirsUpToRoot('/wx/c.ts', ['/w']), [], 'a sibling folder with the same prefix is outside');
});

test('each lockfile is parsed once per version: cached by modification time, re-read when it changes', async () => {
  const lock = (v: string) => JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/react': { version: v } } });
  const content: Record<string, string> = { '/w/package.json': '{"name":"w"}', '/w/package-lock.json': lock('18.3.1') };
  const files = memoryFiles(content);
  const resolver = new VersionResolver(files, () => {});
  const ask = () => resolver.resolve({ file: '/w/src/a.ts', roots: ['/w'], ecosystem: 'npm', libraries: ['react'] });
  assert.equal((await ask())[0]?.version, '18.3.1');
  assert.equal((await ask())[0]?.version, '18.3.1');
  assert.equal(files.reads.filter((p) => p.endsWith('package-lock.json')).length, 1);
  content['/w/package-lock.json'] = lock('19.0.0');
  files.mtimes.set('/w/package-lock.json', 2);
  assert.equal((await ask())[0]?.version, '19.0.0');
  assert.equal(files.reads.filter((p) => p.endsWith('package-lock.json')).length, 2);
  assert.deepEqual(resolver.cacheSize(), { files: 2, entries: 1 });
});

test('a lockfile that does not parse, or is over the size cap, is skipped with one log line per version', async () => {
  const lines: string[] = [];
  const files = memoryFiles({ '/w/package.json': '{}', '/w/package-lock.json': '{ not json', '/v/package-lock.json': 'x'.repeat(2000) });
  const resolver = new VersionResolver(files, (line) => lines.push(line), 1000);
  for (let i = 0; i < 3; i++) assert.deepEqual(await resolver.resolve({ file: '/w/a.ts', roots: ['/w'], ecosystem: 'npm', libraries: ['react'] }), []);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /skipped \/w\/package-lock\.json, it could not be read/);
  await resolver.resolve({ file: '/v/a.ts', roots: ['/v'], ecosystem: 'npm', libraries: ['react'] });
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /skipped \/v\/package-lock\.json: 0 MB is over the 0 MB limit/);
  assert.equal(files.reads.includes('/v/package-lock.json'), false, 'a file over the cap is never read');
});

test('documentation domains: from the library’s own manifest, never a code host', async () => {
  assert.equal(documentationDomain({ homepage: 'https://react.dev/' }), 'react.dev');
  assert.equal(documentationDomain({ homepage: 'https://github.com/immerjs/immer#readme' }), undefined);
  assert.equal(documentationDomain({ package: { documentation: 'https://docs.rs/serde', homepage: 'https://serde.rs' } }), 'docs.rs');
  assert.equal(documentationDomain(JSON.parse(JSON.stringify({ project: { urls: { Homepage: 'https://github.com/pydantic/pydantic', Documentation: 'https://pydantic.dev/docs/' } } }))), 'pydantic.dev');
  assert.equal(documentationDomain({ homepage: 'javascript:alert(1)' }), undefined);
  const files = memoryFiles({
    '/w/package.json': '{"dependencies":{"react":"^18"}}',
    '/w/package-lock.json': JSON.stringify({
      lockfileVersion: 3,
      packages: { 'node_modules/react': { version: '18.3.1' }, 'node_modules/immer': { version: '10.1.1' } },
    }),
    '/w/node_modules/react/package.json': '{"name":"react","homepage":"https://react.dev/"}',
    '/w/node_modules/immer/package.json': '{"name":"immer","homepage":"https://github.com/immerjs/immer#readme"}',
  });
  const request = { file: '/w/src/a.ts', roots: ['/w'], ecosystem: 'npm', libraries: ['react', 'immer'], documentation: true } as const;
  const resolved = await new VersionResolver(files, () => {}).resolve(request);
  assert.deepEqual(resolved, [
    { name: 'react', version: '18.3.1', exact: true, docsDomain: 'react.dev' },
    { name: 'immer', version: '10.1.1', exact: true },
  ]);
});

test('the line sent: one short line naming each library; a constraint shows as written', () => {
  assert.equal(versionsLine([]), undefined);
  assert.equal(
    versionsLine([
      { name: 'react', version: '18.3.1', exact: true },
      { name: '@tanstack/query', version: '5.59.0', exact: true },
      { name: 'requests', version: '>=2.31', exact: false },
    ]),
    'Versions used by this project: react 18.3.1, @tanstack/query 5.59.0, requests >=2.31',
  );
});

test('the chip and the question label name the versions shown; without any, the label is unchanged', () => {
  const libraries = [
    { name: 'react', version: '18.3.1', exact: true },
    { name: 'zod', version: '3.23.8', exact: true },
  ];
  assert.equal(versionsChipLabel(libraries, untranslated), 'Versions: react 18.3.1, zod 3.23.8');
  assert.equal(versionsQuestionLabel('Explain — src/a.ts:1-3', libraries, untranslated), 'Explain — src/a.ts:1-3 [versions: react 18.3.1, zod 3.23.8]');
  assert.equal(versionsQuestionLabel('Explain — src/a.ts:1-3', [], untranslated), 'Explain — src/a.ts:1-3');
  assert.equal(withVersionsLine('Q', []), 'Q');
  assert.equal(withVersionsLine('Q', libraries), 'Q\n\nVersions used by this project: react 18.3.1, zod 3.23.8');
});

test('the import scanners stay linear on hostile text: thirty times the input costs far less than quadratic growth', () => {
  // The scanning is V8's regular expressions, which expose no count of their steps (their trace
  // flags exist only in debug builds), so this compares times, made robust against a loaded machine:
  // small and large runs alternate, so a burst of load hits both; the heap is collected before
  // each run, so no run pays for another's garbage; each size's median of five is used, so two
  // slow runs do not count. Linear growth is 30x (measured 20-120x on a loaded 2-core machine: the
  // large input outgrows the caches); quadratic, 900x. The bound of 300x sits between: a scan that
  // is quadratic in the input exceeds it (an added quadratic pass over the text measured 1318x),
  // and the small input takes over half a millisecond, far above performance.now()'s resolution.
  const hostile = {
    npm: (n: number) => 'import { a, b, c } '.repeat(n) + "require('x'".repeat(n),
    pypi: (n: number) => 'from a import (\n'.repeat(n) + 'import a.b, c as d\n'.repeat(n),
    go: (n: number) => 'import ( "a.b/c"\n'.repeat(n),
    cargo: (n: number) => 'use a::{b, c'.repeat(n) + 'x::'.repeat(n),
  } as const;
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  const timed = (run: () => unknown) => {
    collect();
    const start = performance.now();
    run();
    return performance.now() - start;
  };
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
  for (const [ecosystem, make] of Object.entries(hostile) as [keyof typeof hostile, (n: number) => string][]) {
    const small = make(5_000);
    const large = make(150_000);
    // Several megabytes of it are scanned without error (a spread of 150,000 names once overflowed the stack).
    assert.ok(Array.isArray(librariesUsed(ecosystem, large, large)));
    const smallTimes: number[] = [];
    const largeTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      smallTimes.push(timed(() => librariesUsed(ecosystem, small, small)));
      largeTimes.push(timed(() => librariesUsed(ecosystem, large, large)));
    }
    const [smallMs, largeMs] = [median(smallTimes), median(largeTimes)];
    const ratio = largeMs / Math.max(0.2, smallMs);
    assert.ok(ratio < 300, `${ecosystem}: ${ratio.toFixed(1)}x for 30x the input (medians ${smallMs.toFixed(2)} and ${largeMs.toFixed(2)} ms)`);
  }
});
