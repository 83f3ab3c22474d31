import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { VersionResolver, type WorkspaceFiles } from '../../src/core/context/versions';

/**
 * Library versions on a big lockfile: a generated package-lock.json of about 20 MB (what a large
 * monorepo has), resolved through the real resolver and file reads. `versions_resolve_ms_big_lock`
 * is the first question (read, parse, index), `…_cached` a later one (a stat, then the index);
 * `versions_cache_mb` is what the cached index holds on the heap.
 */
export async function versionsFigures(progress: (line: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'versions-bench-'));
  try {
    const bytes = writeBigLock(dir, 20 * 1024 * 1024);
    progress(`versions: package-lock.json of ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    const files = diskFiles();
    const before = await memory();
    const resolver = new VersionResolver(files, (line) => progress(line));
    const libraries = ['pkg-11', '@scope-3/pkg-3', 'pkg-40000', 'missing'];
    const request = { file: join(dir, 'src', 'index.ts'), roots: [dir], ecosystem: 'npm' as const, libraries };
    const start = performance.now();
    const first = await resolver.resolve(request);
    const firstMs = performance.now() - start;
    if (first.length !== 3) throw new Error(`expected 3 versions, got ${JSON.stringify(first)}`);
    const cached: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await resolver.resolve(request);
      cached.push(performance.now() - t);
    }
    const cacheMb = ((await memory()) - before) / 1024 / 1024;
    progress(`versions: ${resolver.cacheSize().entries} entries cached`);
    return {
      versions_big_lock_mb: r1(bytes / 1024 / 1024),
      versions_resolve_ms_big_lock: r1(firstMs),
      versions_resolve_ms_big_lock_cached: r1(median(cached)),
      versions_cache_mb: r1(cacheMb),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A package-lock.json (v3) of at least `target` bytes: hoisted packages, some nested copies, as npm writes them. */
function writeBigLock(dir: string, target: number): number {
  const packages: Record<string, unknown> = { '': { name: 'big', version: '1.0.0' } };
  let size = 0;
  for (let i = 0; size < target; i++) {
    const name = i % 7 === 3 ? `@scope-${i % 5}/pkg-${i}` : `pkg-${i}`;
    const entry = {
      version: `${i % 13}.${i % 17}.${i % 29}`,
      resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${i % 13}.${i % 17}.${i % 29}.tgz`,
      integrity: `sha512-${Buffer.from(String(i).repeat(32)).toString('base64').slice(0, 86)}==`,
      license: 'MIT',
      dependencies: { [`pkg-${i + 1}`]: `^${(i + 1) % 13}.0.0`, [`pkg-${i + 2}`]: `~${(i + 2) % 13}.1.0` },
      engines: { node: '>=18' },
    };
    packages[`node_modules/${name}`] = entry;
    if (i % 10 === 0) packages[`node_modules/pkg-${i + 5}/node_modules/${name}`] = { ...entry, version: `${(i % 13) + 1}.0.0` };
    size += 460;
  }
  const text = JSON.stringify({ name: 'big', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2);
  writeFileSync(join(dir, 'package-lock.json'), text);
  writeFileSync(join(dir, 'package.json'), '{"name":"big","version":"1.0.0"}');
  return Buffer.byteLength(text);
}

function diskFiles(): WorkspaceFiles {
  return {
    async stat(path) {
      try {
        const s = statSync(path);
        return s.isFile() ? { mtime: s.mtimeMs, size: s.size } : undefined;
      } catch {
        return undefined;
      }
    },
    read: async (path) => readFileSync(path, 'utf8'),
    async list(dir) {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}

async function memory(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const r1 = (n: number) => Math.round(n * 10) / 10;
