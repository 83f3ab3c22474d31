/**
 * What every lockfile reader gives: the version a package resolves to, as the lockfile says,
 * for the package that imports it. Readers are pure (text in); src/core/context/versions.ts finds
 * the files and caches the readers' results by path and modification time.
 */

export interface Importer {
  /** The importing package's directory relative to the lockfile's ('' when it is the same), '/'-separated. */
  dir: string;
  /** The importing package's name from its manifest (uv, Cargo workspaces). */
  name?: string;
  /** Its declared ranges by dependency name (package.json), for lockfiles keyed by range (yarn). */
  ranges?: Readonly<Record<string, string>>;
}

export interface Locked {
  /** The name as the lockfile spells it (a Python distribution, a Go module path). */
  name: string;
  version: string;
  /** false for a constraint from a manifest when nothing is locked (pyproject.toml): shown as written. */
  exact: boolean;
}

export interface LockedVersions {
  /** What `name` resolves to for `importer`; undefined when the lockfile lacks it or cannot tell which of several. */
  lookup(name: string, importer: Importer): Locked | undefined;
  /** How many entries the index holds (a measure of its memory). */
  readonly size: number;
}

/** A version when exactly one is known, else undefined: several versions without a way to choose tell nothing. */
export function onlyOne(versions: ReadonlySet<string> | undefined): string | undefined {
  return versions?.size === 1 ? versions.values().next().value : undefined;
}

/** Adds `value` to the set under `key`. */
export function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
