import { parse as parseToml } from 'smol-toml';
import { addTo, isRecord, onlyOne, type Importer, type Locked, type LockedVersions } from './types';

/**
 * Python: uv.lock and poetry.lock (TOML, read with smol-toml), pinned requirements*.txt, and
 * pyproject.toml's constraints when nothing is locked. Names are compared normalised (PEP 503:
 * lower case, runs of `-_.` as one `-`).
 */

export function normalizePython(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Top-level modules whose distribution has another name. Only the common ones: a module missing
 * here is looked up under its own name, which is right for most libraries.
 */
const DISTRIBUTION_OF: Record<string, string[]> = {
  yaml: ['pyyaml'],
  sklearn: ['scikit-learn'],
  skimage: ['scikit-image'],
  PIL: ['pillow'],
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python'],
  bs4: ['beautifulsoup4'],
  dateutil: ['python-dateutil'],
  dotenv: ['python-dotenv'],
  jwt: ['pyjwt'],
  attr: ['attrs'],
  google: ['protobuf'],
  serial: ['pyserial'],
  Crypto: ['pycryptodome'],
  OpenSSL: ['pyopenssl'],
  zmq: ['pyzmq'],
  git: ['gitpython'],
  multipart: ['python-multipart'],
  jose: ['python-jose'],
  docx: ['python-docx'],
  magic: ['python-magic'],
  gi: ['pygobject'],
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  MySQLdb: ['mysqlclient'],
  faiss: ['faiss-cpu', 'faiss-gpu'],
};

/** The distribution names a top-level module may come from, normalised, most likely first. */
export function distributionsFor(module: string): string[] {
  return [...(DISTRIBUTION_OF[module] ?? []), module].map(normalizePython);
}

/** An index by normalised name of the versions a file lists; `spelled` keeps each name as written. */
class PythonIndex implements LockedVersions {
  readonly versions = new Map<string, Set<string>>();
  readonly spelled = new Map<string, string>();
  constructor(private readonly exactVersions = true) {}

  add(name: string, version: string): void {
    const key = normalizePython(name);
    addTo(this.versions, key, version);
    if (!this.spelled.has(key)) this.spelled.set(key, name);
  }

  get size(): number {
    return this.versions.size;
  }

  /** `module` is a top-level import name; `choose` picks among several versions. */
  lookup(module: string, _importer: Importer, choose?: (key: string) => string | undefined): Locked | undefined {
    for (const key of distributionsFor(module)) {
      const versions = this.versions.get(key);
      if (!versions) continue;
      const version = onlyOne(versions) ?? choose?.(key);
      return version ? { name: this.spelled.get(key) ?? key, version, exact: this.exactVersions } : undefined;
    }
    return undefined;
  }
}

interface TomlPackage {
  name: string;
  /** Absent for a workspace member whose version is dynamic. */
  version?: string;
  source?: unknown;
  dependencies?: unknown;
}

function tomlPackages(text: string): TomlPackage[] {
  const doc = parseToml(text);
  const list: unknown = doc.package;
  if (!Array.isArray(list)) throw new Error('no [[package]] entries');
  return (list as unknown[]).filter(
    (p): p is TomlPackage => isRecord(p) && typeof p.name === 'string' && (p.version === undefined || typeof p.version === 'string'),
  );
}

/**
 * uv.lock: one [[package]] per distribution and version. Where a workspace locks two versions of
 * one (forked resolution), the importing member's dependency entry names the version.
 */
export function readUvLock(text: string): LockedVersions {
  const index = new PythonIndex();
  /** Workspace member directory ('' for the root) -> its dependencies' versions where uv wrote one. */
  const members = new Map<string, Map<string, string>>();
  for (const pkg of tomlPackages(text)) {
    const source = isRecord(pkg.source) ? pkg.source : {};
    const local = [source.editable, source.virtual].find((s): s is string => typeof s === 'string');
    if (local !== undefined) {
      const deps = new Map<string, string>();
      if (Array.isArray(pkg.dependencies))
        for (const dep of pkg.dependencies) {
          if (isRecord(dep) && typeof dep.name === 'string' && typeof dep.version === 'string') deps.set(normalizePython(dep.name), dep.version);
        }
      members.set(local === '.' ? '' : local.replace(/^\.\//, ''), deps);
      continue;
    }
    if (pkg.version) index.add(pkg.name, pkg.version);
  }
  return {
    get size() {
      return index.size;
    },
    lookup: (module, importer) => index.lookup(module, importer, (key) => members.get(importer.dir)?.get(key)),
  };
}

export function readPoetryLock(text: string): LockedVersions {
  const index = new PythonIndex();
  for (const pkg of tomlPackages(text)) if (pkg.version) index.add(pkg.name, pkg.version);
  return index;
}

/** requirements*.txt: exact pins only (`name==1.2.3`, `name[extra]===1.2.3`); ranges lock nothing. */
export function readRequirements(text: string): LockedVersions {
  const index = new PythonIndex();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const pin = /^([A-Za-z0-9][\w.-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([\w.!+-]+)\s*(?:;.*)?$/.exec(line);
    if (pin?.[1] && pin[2]) index.add(pin[1], pin[2]);
  }
  return index;
}

/**
 * pyproject.toml when nothing is locked: the constraints as written ([project] dependencies,
 * optional dependencies and dependency groups; Poetry's tables), shown as constraints, not versions.
 */
export function readPyprojectConstraints(text: string): LockedVersions {
  const doc = parseToml(text);
  const index = new PythonIndex(false);
  const project = isRecord(doc.project) ? doc.project : {};
  const specs: unknown[] = [
    ...(Array.isArray(project.dependencies) ? project.dependencies : []),
    ...Object.values(isRecord(project['optional-dependencies']) ? project['optional-dependencies'] : {}).flat(),
    ...Object.values(isRecord(doc['dependency-groups']) ? doc['dependency-groups'] : {}).flat(),
  ];
  for (const spec of specs) {
    if (typeof spec !== 'string') continue;
    const m = /^\s*([A-Za-z0-9][\w.-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)/.exec(spec);
    const constraint = m?.[2]?.trim().replace(/\s+/g, '');
    if (m?.[1] && constraint) index.add(m[1], constraint);
  }
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const poetry = isRecord(tool.poetry) ? tool.poetry : {};
  for (const [name, value] of Object.entries(isRecord(poetry.dependencies) ? poetry.dependencies : {})) {
    const constraint = typeof value === 'string' ? value : isRecord(value) && typeof value.version === 'string' ? value.version : undefined;
    if (name !== 'python' && constraint && constraint !== '*') index.add(name, constraint);
  }
  return index;
}
