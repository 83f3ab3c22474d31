import { librariesUsed, type Ecosystem } from './imports';
import { readCargoLock } from './lockfiles/cargo';
import { readGoModules } from './lockfiles/go';
import { readPackageLock, readPnpmLock, readYarnLock } from './lockfiles/npm';
import { readPoetryLock, readPyprojectConstraints, readRequirements, readUvLock } from './lockfiles/python';
import { isRecord, type Importer, type Locked, type LockedVersions } from './lockfiles/types';
import { parse as parseToml } from 'smol-toml';

/**
 * Resolves the libraries a piece of code uses to the versions its project locks, from the
 * manifest and lockfile nearest the file, inside the workspace folder that holds it and nowhere
 * else. Files come through `WorkspaceFiles` (VS Code's file system in the extension, a map in
 * tests). Each lockfile is parsed once per version: the index is cached by path, modification
 * time and size, and replaced when the file changes. A file over the size cap or that does not
 * parse is skipped with one log line (once per version of the file).
 *
 * This module and the parsers it uses are their own bundle (dist/versions.js), loaded on the
 * first question about code, so activation does not pay for them.
 */

export { ecosystemOf, librariesUsed } from './imports';
export type { Ecosystem } from './imports';

export interface FileStat {
  mtime: number;
  size: number;
}

export interface WorkspaceFiles {
  /** undefined when there is no such file. */
  stat(path: string): Promise<FileStat | undefined>;
  read(path: string): Promise<string>;
  /** The names of a directory's entries; [] when it cannot be read. */
  list(dir: string): Promise<string[]>;
}

export interface LibraryVersion extends Locked {
  /** The library's documentation host, from its own manifest (`homepage`, `documentation`), when asked for and found. */
  docsDomain?: string;
}

export interface VersionsRequest {
  /** The document's absolute path, '/'-separated. */
  file: string;
  /** The workspace folders' paths: nothing outside them is read. */
  roots: readonly string[];
  ecosystem: Ecosystem;
  /** What librariesUsed found, in order. */
  libraries: readonly string[];
  /** Also look up each npm library's documentation domain in its installed package.json. */
  documentation?: boolean;
}

/** Lockfiles past this size are skipped (a 20 MB package-lock.json parses in well under a second). */
export const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024;
/** At most this many libraries go with one question: the line stays short. */
export const MAX_LIBRARIES = 15;

const LOCKFILES: Record<Ecosystem, readonly { name: string | RegExp; read: (text: string) => LockedVersions }[]> = {
  npm: [
    { name: 'npm-shrinkwrap.json', read: readPackageLock },
    { name: 'package-lock.json', read: readPackageLock },
    { name: 'pnpm-lock.yaml', read: readPnpmLock },
    { name: 'yarn.lock', read: readYarnLock },
  ],
  pypi: [
    { name: 'uv.lock', read: readUvLock },
    { name: 'poetry.lock', read: readPoetryLock },
    { name: /^requirements.*\.txt$/, read: readRequirements },
  ],
  go: [],
  cargo: [{ name: 'Cargo.lock', read: readCargoLock }],
};

/** The manifest that names the importing package, by ecosystem. */
const MANIFEST: Record<Ecosystem, string> = { npm: 'package.json', pypi: 'pyproject.toml', go: 'go.mod', cargo: 'Cargo.toml' };

interface Cached {
  stat: FileStat;
  value: unknown;
}

const FAILED = Symbol('failed');

export class VersionResolver {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly files: WorkspaceFiles,
    private readonly log: (line: string) => void,
    private readonly maxBytes = MAX_LOCKFILE_BYTES,
  ) {}

  /** How many files are cached and how many entries their indexes hold. */
  cacheSize(): { files: number; entries: number } {
    let entries = 0;
    for (const { value } of this.cache.values()) if (isRecord(value) && typeof value.size === 'number') entries += value.size;
    return { files: this.cache.size, entries };
  }

  /** Every cached index is dropped (the extension calls this when a lockfile changes on disk). */
  clear(): void {
    this.cache.clear();
  }

  async resolve(request: VersionsRequest): Promise<LibraryVersion[]> {
    const dirs = dirsUpToRoot(request.file, request.roots);
    if (dirs.length === 0 || request.libraries.length === 0) return [];
    const found = await this.find(request.ecosystem, dirs);
    if (!found) return [];
    const result: LibraryVersion[] = [];
    const seen = new Set<string>();
    for (const library of request.libraries) {
      const locked = found.index.lookup(library, found.importer);
      if (!locked || seen.has(locked.name)) continue;
      seen.add(locked.name);
      const docsDomain = request.documentation && request.ecosystem === 'npm' ? await this.npmDocsDomain(locked.name, found.importerDir, dirs) : undefined;
      result.push(docsDomain ? { ...locked, docsDomain } : locked);
      if (result.length >= MAX_LIBRARIES) break;
    }
    return result;
  }

  /**
   * The lockfile nearest the file and the importing package (the nearest manifest), walking up
   * from the file's folder to its workspace folder. With no lockfile: go.mod for Go, and
   * pyproject.toml's constraints for Python.
   */
  private async find(ecosystem: Ecosystem, dirs: readonly string[]): Promise<{ index: LockedVersions; importer: Importer; importerDir: string } | undefined> {
    let importerDir: string | undefined;
    let firstManifestIndex: LockedVersions | undefined;
    for (const dir of dirs) {
      const names = await this.files.list(dir);
      if (importerDir === undefined && names.includes(MANIFEST[ecosystem])) {
        importerDir = dir;
        if (ecosystem === 'go') {
          const goSum = names.includes('go.sum') ? `${dir}/go.sum` : undefined;
          const index = await this.cached(`${dir}/go.mod`, 'go', (text, sum) => readGoModules(text, sum), goSum);
          return index ? { index, importer: { dir: '' }, importerDir: dir } : undefined;
        }
        if (ecosystem === 'pypi') firstManifestIndex = await this.cached(`${dir}/pyproject.toml`, 'constraints', readPyprojectConstraints);
      }
      for (const kind of LOCKFILES[ecosystem]) {
        const name = typeof kind.name === 'string' ? (names.includes(kind.name) ? kind.name : undefined) : names.find((n) => (kind.name as RegExp).test(n));
        if (!name) continue;
        const index = await this.cached(`${dir}/${name}`, 'lock', kind.read);
        if (!index) continue;
        const from = importerDir ?? dir;
        return { index, importer: await this.importer(ecosystem, from, dir), importerDir: from };
      }
    }
    return firstManifestIndex && importerDir ? { index: firstManifestIndex, importer: { dir: '' }, importerDir } : undefined;
  }

  /** The importing package as the lockfile in `lockDir` knows it: its folder, and its name and ranges from its manifest. */
  private async importer(ecosystem: Ecosystem, dir: string, lockDir: string): Promise<Importer> {
    const relative = dir === lockDir ? '' : dir.slice(lockDir.length + 1);
    const parse = (text: string): unknown => (ecosystem === 'npm' ? JSON.parse(text) : parseToml(text));
    const manifest = await this.cached(`${dir}/${MANIFEST[ecosystem]}`, 'manifest', parse);
    if (!isRecord(manifest)) return { dir: relative };
    if (ecosystem === 'npm') {
      const ranges: Record<string, string> = {};
      for (const field of ['devDependencies', 'optionalDependencies', 'dependencies']) {
        const group = manifest[field];
        if (isRecord(group)) for (const [name, range] of Object.entries(group)) if (typeof range === 'string') ranges[name] = range;
      }
      return { dir: relative, ranges, ...(typeof manifest.name === 'string' ? { name: manifest.name } : {}) };
    }
    const section = isRecord(manifest.package) ? manifest.package : isRecord(manifest.project) ? manifest.project : {};
    return { dir: relative, ...(typeof section.name === 'string' ? { name: section.name } : {}) };
  }

  /** An npm library's documentation domain, from node_modules/<name>/package.json where Node would find it. */
  private async npmDocsDomain(name: string, importerDir: string, dirs: readonly string[]): Promise<string | undefined> {
    for (const dir of dirs.slice(dirs.indexOf(importerDir))) {
      const path = `${dir}/node_modules/${name}/package.json`;
      if (!(await this.files.stat(path))) continue;
      const manifest = await this.cached(path, 'manifest', (text) => JSON.parse(text) as unknown);
      return isRecord(manifest) ? documentationDomain(manifest) : undefined;
    }
    return undefined;
  }

  /**
   * `read(text)` of the file at `path`, from the cache while its modification time and size are
   * unchanged. `companion` (go.sum beside go.mod) is read along and checked the same way.
   */
  private async cached<T>(path: string, kind: string, read: (text: string, companionText?: string) => T, companion?: string): Promise<T | undefined> {
    const stat = await this.files.stat(path);
    if (!stat) return undefined;
    const companionStat = companion ? await this.files.stat(companion) : undefined;
    const key = `${kind}\0${path}`;
    const version = { mtime: stat.mtime + (companionStat?.mtime ?? 0), size: stat.size + (companionStat?.size ?? 0) };
    const hit = this.cache.get(key);
    if (hit && hit.stat.mtime === version.mtime && hit.stat.size === version.size) return hit.value === FAILED ? undefined : (hit.value as T);
    let value: T | typeof FAILED = FAILED;
    if (version.size > this.maxBytes) {
      this.log(`library versions: skipped ${path}: ${Math.round(version.size / 1048576)} MB is over the ${Math.round(this.maxBytes / 1048576)} MB limit`);
    } else {
      try {
        const text = await this.files.read(path);
        const companionText = companion && companionStat ? await this.files.read(companion) : undefined;
        value = read(text, companionText);
      } catch (error) {
        this.log(`library versions: skipped ${path}, it could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
    this.cache.set(key, { stat: version, value });
    return value === FAILED ? undefined : value;
  }
}

/**
 * The folders from the file's own up to the workspace folder that holds it (the innermost, for
 * nested folders); [] for a file outside every workspace folder.
 */
export function dirsUpToRoot(file: string, roots: readonly string[]): string[] {
  const root = roots
    .map((r) => r.replace(/\/+$/, ''))
    .filter((r) => file.startsWith(`${r}/`))
    .sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return [];
  const dirs: string[] = [];
  for (let dir = file.slice(0, file.lastIndexOf('/')); dir.length >= root.length; dir = dir.slice(0, dir.lastIndexOf('/'))) {
    dirs.push(dir);
    if (dir === root) break;
  }
  return dirs;
}

/** Hosts that are where code lives, not a library's documentation: boosting them would boost everything. */
const NOT_DOCUMENTATION = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'www.npmjs.com', 'npmjs.com', 'pypi.org', 'crates.io', 'pkg.go.dev']);

/**
 * A library's documentation domain from its own manifest: package.json (`homepage`), Cargo.toml
 * ([package] `documentation`, `homepage`) or pyproject.toml ([project.urls] Documentation,
 * Homepage), parsed. undefined when it names none or only a code host.
 */
export function documentationDomain(manifest: Record<string, unknown>): string | undefined {
  const pkg = isRecord(manifest.package) ? manifest.package : {};
  const project = isRecord(manifest.project) ? manifest.project : {};
  const urls = isRecord(project.urls) ? project.urls : {};
  const byKey = (record: Record<string, unknown>, key: string) => Object.entries(record).find(([k]) => k.toLowerCase() === key)?.[1];
  const candidates = [pkg.documentation, byKey(urls, 'documentation'), byKey(urls, 'docs'), manifest.homepage, pkg.homepage, byKey(urls, 'homepage')];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && !NOT_DOCUMENTATION.has(url.hostname)) return url.hostname;
    } catch {
      // not a URL: the next candidate
    }
  }
  return undefined;
}

/** For the host: the libraries `code` uses, resolved; `context` is the whole file the code is in. */
export function createVersionResolver(files: WorkspaceFiles, log: (line: string) => void, maxBytes?: number) {
  const resolver = new VersionResolver(files, log, maxBytes);
  return {
    resolver,
    async versionsFor(request: Omit<VersionsRequest, 'libraries'> & { code: string; context?: string }): Promise<LibraryVersion[]> {
      const libraries = librariesUsed(request.ecosystem, request.code, request.context);
      return resolver.resolve({ ...request, libraries });
    },
  };
}
