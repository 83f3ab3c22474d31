import { parse as parseToml } from 'smol-toml';
import { addTo, isRecord, onlyOne, type LockedVersions } from './types';

/**
 * Cargo.lock: one [[package]] per crate and version. Code writes a crate with underscores
 * (`serde_json`), the lockfile with the package's name (which may have hyphens). Where two
 * versions are locked, the importing package's `dependencies` entry ("name version") names its own.
 */
export function readCargoLock(text: string): LockedVersions {
  const doc = parseToml(text);
  if (!Array.isArray(doc.package)) throw new Error('no [[package]] entries');
  const versions = new Map<string, Set<string>>();
  const spelled = new Map<string, string>();
  /** Package name -> the "name version" entries of its dependencies. */
  const dependencies = new Map<string, string[]>();
  for (const pkg of doc.package) {
    if (!isRecord(pkg) || typeof pkg.name !== 'string' || typeof pkg.version !== 'string') continue;
    const key = crateKey(pkg.name);
    addTo(versions, key, pkg.version);
    spelled.set(key, pkg.name);
    if (Array.isArray(pkg.dependencies)) dependencies.set(pkg.name, pkg.dependencies.filter((d): d is string => typeof d === 'string'));
  }
  return {
    size: versions.size,
    lookup(crate, importer) {
      const key = crateKey(crate);
      const all = versions.get(key);
      if (!all) return undefined;
      let version = onlyOne(all);
      if (!version && importer.name) {
        const entry = dependencies.get(importer.name)?.find((d) => crateKey(d.split(' ')[0] ?? '') === key);
        version = entry?.split(' ')[1];
      }
      return version ? { name: spelled.get(key) ?? crate, version, exact: true } : undefined;
    },
  };
}

const crateKey = (name: string) => name.replace(/-/g, '_');
