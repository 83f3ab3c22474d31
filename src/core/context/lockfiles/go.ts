import { addTo, onlyOne, type LockedVersions } from './types';

/**
 * Go: go.mod's require directives (with replace directives applied), else go.sum when it lists a
 * single version of the module. An import path belongs to the module whose path is its longest
 * prefix.
 */
export function readGoModules(goMod: string, goSum = ''): LockedVersions {
  const required = new Map<string, string>();
  const replaced = new Map<string, string>();
  let block: 'require' | 'replace' | undefined;
  for (const raw of goMod.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (block && line === ')') {
      block = undefined;
      continue;
    }
    const opened = /^(require|replace)\s*\($/.exec(line);
    if (opened) {
      block = opened[1] as 'require' | 'replace';
      continue;
    }
    const single = /^(require|replace)\s+(.*)$/.exec(line);
    const kind = single ? (single[1] as 'require' | 'replace') : block;
    const body = single ? (single[2] ?? '') : line;
    if (kind === 'require') {
      const [module, version] = body.split(/\s+/);
      if (module && version) required.set(module, version);
    } else if (kind === 'replace') {
      // "old [v] => new v": a module replaced by another version (a local path has no version).
      const m = /^(\S+)(?:\s+\S+)?\s*=>\s*(\S+)\s+(v\S+)$/.exec(body);
      if (m?.[1] && m[3]) replaced.set(m[1], m[3]);
    }
  }
  const summed = new Map<string, Set<string>>();
  for (const line of goSum.split(/\r?\n/)) {
    const [module, version] = line.trim().split(/\s+/);
    if (module && version) addTo(summed, module, version.replace(/\/go\.mod$/, ''));
  }
  const modules = [...new Set([...required.keys(), ...summed.keys()])];
  return {
    size: required.size + summed.size,
    lookup(importPath) {
      const module = modules.filter((m) => importPath === m || importPath.startsWith(`${m}/`)).sort((a, b) => b.length - a.length)[0];
      if (!module) return undefined;
      const version = replaced.get(module) ?? required.get(module) ?? onlyOne(summed.get(module));
      return version ? { name: module, version, exact: true } : undefined;
    },
  };
}
