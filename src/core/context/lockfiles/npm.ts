import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { addTo, isRecord, onlyOne, type Locked, type LockedVersions } from './types';

/**
 * npm's ecosystem: package-lock.json and npm-shrinkwrap.json (v1, v2, v3), pnpm-lock.yaml (v5 to
 * v9) and yarn.lock (v1 and berry). Each index keeps only names and versions, not the parsed file.
 * YAML is read with js-yaml's failsafe schema, so every scalar stays the string it was (a version
 * "1.10" is not the number 1.1).
 */

const exact = (name: string, version: string | undefined): Locked | undefined => (version ? { name, version, exact: true } : undefined);

/** package-lock.json / npm-shrinkwrap.json: Node's resolution, from the importer's node_modules upwards. */
export function readPackageLock(text: string): LockedVersions {
  const json: unknown = JSON.parse(text);
  if (!isRecord(json)) throw new Error('not a JSON object');
  const versions = new Map<string, string>();
  /** Workspace links: node_modules/<name> -> the workspace folder. */
  const links = new Map<string, string>();
  if (isRecord(json.packages)) {
    for (const [path, entry] of Object.entries(json.packages)) {
      if (!path || !isRecord(entry)) continue;
      if (entry.link === true && typeof entry.resolved === 'string') links.set(path, entry.resolved);
      else if (typeof entry.version === 'string') versions.set(path, entry.version);
    }
  } else if (isRecord(json.dependencies)) {
    // lockfileVersion 1: a tree of dependencies; the top level is what the root resolves.
    for (const [name, entry] of Object.entries(json.dependencies)) {
      if (isRecord(entry) && typeof entry.version === 'string') versions.set(`node_modules/${name}`, entry.version);
    }
  }
  return {
    size: versions.size + links.size,
    lookup(name, importer) {
      for (let dir: string | undefined = importer.dir; dir !== undefined; dir = parentDir(dir)) {
        const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
        const link = links.get(key);
        if (link !== undefined) return exact(name, versions.get(link));
        const version = versions.get(key);
        if (version !== undefined) return exact(name, version);
      }
      return undefined;
    },
  };
}

/** "a/b" -> "a", "a" -> "", "" -> undefined. */
function parentDir(dir: string): string | undefined {
  if (!dir) return undefined;
  const at = dir.lastIndexOf('/');
  return at < 0 ? '' : dir.slice(0, at);
}

/** pnpm-lock.yaml: the importer's own dependencies, else the only version among all packages. */
export function readPnpmLock(text: string): LockedVersions {
  const doc = load(text, { schema: FAILSAFE_SCHEMA });
  if (!isRecord(doc)) throw new Error('not a YAML mapping');
  const importers = new Map<string, Map<string, string>>();
  // Before workspaces (v5 without `importers`), the root's dependencies sit at the top level.
  const rawImporters = isRecord(doc.importers) ? doc.importers : { '.': doc };
  for (const [dir, entry] of Object.entries(rawImporters)) {
    if (!isRecord(entry)) continue;
    const deps = new Map<string, string>();
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
      const group = entry[field];
      if (!isRecord(group)) continue;
      for (const [name, value] of Object.entries(group)) {
        // v6+: { specifier, version }; v5: the version itself. "18.2.0(react@18.2.0)" / "18.2.0_react@18.2.0" carry peers.
        const raw = isRecord(value) ? value.version : value;
        if (typeof raw === 'string' && !/^(link|file|workspace):/.test(raw)) deps.set(name, raw.replace(/[(_].*$/, ''));
      }
    }
    importers.set(dir === '.' ? '' : dir, deps);
  }
  const all = new Map<string, Set<string>>();
  for (const key of Object.keys(isRecord(doc.packages) ? doc.packages : {})) {
    const parsed = pnpmPackageKey(key);
    if (parsed) addTo(all, parsed.name, parsed.version);
  }
  return {
    size: [...importers.values()].reduce((n, d) => n + d.size, 0) + all.size,
    lookup(name, importer) {
      return exact(name, importers.get(importer.dir)?.get(name) ?? onlyOne(all.get(name)));
    },
  };
}

/** "/react@18.2.0" (v6), "react@18.3.1(peer@1)" (v9), "/react/18.2.0" (v5), scoped names alike. */
function pnpmPackageKey(key: string): { name: string; version: string } | undefined {
  const bare = key.replace(/^\//, '').replace(/[(_].*$/, '');
  const at = bare.lastIndexOf('@');
  if (at > 0) return { name: bare.slice(0, at), version: bare.slice(at + 1) };
  const slash = bare.lastIndexOf('/');
  return slash > 0 ? { name: bare.slice(0, slash), version: bare.slice(slash + 1) } : undefined;
}

/** yarn.lock: berry (YAML with __metadata) or v1 (yarn's own format). */
export function readYarnLock(text: string): LockedVersions {
  return /^__metadata:/m.test(text) ? readYarnBerry(text) : readYarnClassic(text);
}

/** A lockfile keyed by descriptors ("react@^18.2.0"): the importer's declared range picks the entry. */
function byDescriptor(
  descriptors: Map<string, string>,
  names: Map<string, Set<string>>,
  workspaceRanges = new Map<string, Record<string, string>>(),
): LockedVersions {
  return {
    size: descriptors.size,
    lookup(name, importer) {
      const range = workspaceRanges.get(importer.dir)?.[name] ?? importer.ranges?.[name];
      if (range !== undefined) {
        const version = descriptors.get(`${name}@${range}`) ?? descriptors.get(`${name}@npm:${range}`);
        if (version !== undefined) return exact(name, version);
      }
      return exact(name, onlyOne(names.get(name)));
    },
  };
}

/** "@scope/name@^1.0.0" -> "@scope/name". */
function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? descriptor : descriptor.slice(0, at);
}

const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');

function readYarnClassic(text: string): LockedVersions {
  const descriptors = new Map<string, string>();
  const names = new Map<string, Set<string>>();
  let current: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      // A quoted descriptor may hold a comma ("foo@>=1, <2"): split outside quotes only.
      current = line.endsWith(':') ? (line.slice(0, -1).match(/"[^"]*"|[^,]+/g) ?? []).map(unquote).filter(Boolean) : [];
      continue;
    }
    const version = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line)?.[1];
    if (version === undefined || current.length === 0) continue;
    for (const descriptor of current) {
      descriptors.set(descriptor, version);
      addTo(names, descriptorName(descriptor), version);
    }
    current = [];
  }
  if (descriptors.size === 0 && text.trim()) throw new Error('no entries found');
  return byDescriptor(descriptors, names);
}

function readYarnBerry(text: string): LockedVersions {
  const doc = load(text, { schema: FAILSAFE_SCHEMA });
  if (!isRecord(doc)) throw new Error('not a YAML mapping');
  const descriptors = new Map<string, string>();
  const names = new Map<string, Set<string>>();
  const workspaces = new Map<string, Record<string, string>>();
  for (const [key, entry] of Object.entries(doc)) {
    if (key === '__metadata' || !isRecord(entry) || typeof entry.version !== 'string') continue;
    const keys = key.split(/,\s*/).map(unquote);
    const workspace = keys.map((k) => /@workspace:(.*)$/.exec(k)?.[1]).find((w) => w !== undefined);
    if (workspace !== undefined) {
      const deps = { ...(isRecord(entry.dependencies) ? entry.dependencies : {}), ...(isRecord(entry.devDependencies) ? entry.devDependencies : {}) };
      const ranges = Object.entries(deps).filter((e): e is [string, string] => typeof e[1] === 'string');
      workspaces.set(workspace === '.' ? '' : workspace, Object.fromEntries(ranges));
      continue;
    }
    for (const descriptor of keys) {
      descriptors.set(descriptor, entry.version);
      addTo(names, descriptorName(descriptor), entry.version);
    }
  }
  return byDescriptor(descriptors, names, workspaces);
}
