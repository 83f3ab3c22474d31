/**
 * Which libraries a piece of code imports or names, by ecosystem. Pure text scanning (no parser,
 * no file system): the patterns are anchored on keywords and every repetition is bounded, so the
 * work is linear in the text's size. What the code names but the lockfile lacks is dropped later,
 * so a false positive here costs nothing but a lookup.
 */

export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo';

export interface ImportRef {
  /** npm: the package name; pypi: the top-level module; go: the import path; cargo: the crate name as written. */
  name: string;
  /** The local names the import binds (`X` in `import X from 'x'`), to find uses in a selection. */
  bindings: string[];
}

const BY_LANGUAGE: Record<string, Ecosystem> = {
  javascript: 'npm',
  javascriptreact: 'npm',
  typescript: 'npm',
  typescriptreact: 'npm',
  vue: 'npm',
  svelte: 'npm',
  astro: 'npm',
  python: 'pypi',
  go: 'go',
  rust: 'cargo',
};

const BY_EXTENSION: Record<string, Ecosystem> = {
  js: 'npm',
  jsx: 'npm',
  mjs: 'npm',
  cjs: 'npm',
  ts: 'npm',
  tsx: 'npm',
  mts: 'npm',
  cts: 'npm',
  vue: 'npm',
  svelte: 'npm',
  py: 'pypi',
  pyi: 'pypi',
  go: 'go',
  rs: 'cargo',
};

/** The ecosystem of a document, by VS Code language id, else by the file's extension. */
export function ecosystemOf(languageId: string, file = ''): Ecosystem | undefined {
  return BY_LANGUAGE[languageId] ?? BY_EXTENSION[file.slice(file.lastIndexOf('.') + 1).toLowerCase()];
}

/** Every import in `text`, in order of appearance, one entry per library (bindings merged). */
export function scanImports(ecosystem: Ecosystem, text: string): ImportRef[] {
  const found = new Map<string, Set<string>>();
  const add = (name: string | undefined, bindings: readonly string[]) => {
    if (!name) return;
    const set = found.get(name) ?? new Set<string>();
    for (const b of bindings) if (b) set.add(b);
    found.set(name, set);
  };
  SCANNERS[ecosystem](text, add);
  return [...found].map(([name, bindings]) => ({ name, bindings: [...bindings] }));
}

/**
 * The libraries `code` (a selection, a problem's lines, a file) uses: those it imports, then those
 * `context` (the whole file) imports whose bound names occur in `code`. A selection rarely holds
 * the file's import lines, but it names what they bind.
 */
export function librariesUsed(ecosystem: Ecosystem, code: string, context?: string): string[] {
  const names = new Set(scanImports(ecosystem, code).map((i) => i.name));
  if (ecosystem === 'cargo') for (const root of rustPathRoots(code)) names.add(root);
  if (context !== undefined && context !== code) {
    const words = identifiers(code);
    for (const ref of scanImports(ecosystem, context)) if (ref.bindings.some((b) => words.has(b))) names.add(ref.name);
  }
  return [...names];
}

type Add = (name: string | undefined, bindings: readonly string[]) => void;

const SCANNERS: Record<Ecosystem, (text: string, add: Add) => void> = {
  npm: scanJavaScript,
  pypi: scanPython,
  go: scanGo,
  cargo: scanRust,
};

// A failed match stops at the next import/export keyword (the lookahead in each repetition), so hostile
// text is scanned a bounded number of times whatever the caps: linear, not length × cap.
const JS_FROM = /\b(?:import|export)\s+(?:type\s+)?((?:(?!\b(?:import|export)\b)[\w$*{}\s,]){1,800}?)\bfrom\s*['"]([^'"\n]{1,300})['"]/g;
const JS_BARE = /\bimport\s*['"]([^'"\n]{1,300})['"]/g;
const JS_CALL = /(?:\b(?:const|let|var)\s+([\w$]+|\{(?:(?!\b(?:const|let|var)\b)[^}]){0,800}\})\s*=\s*(?:await\s+)?)?\b(?:require|import)\s*\(\s*['"]([^'"\n]{1,300})['"]\s*\)/g;

function scanJavaScript(text: string, add: Add): void {
  for (const m of text.matchAll(JS_FROM)) add(npmPackageName(m[2] ?? ''), jsBindings(m[1] ?? ''));
  for (const m of text.matchAll(JS_BARE)) add(npmPackageName(m[1] ?? ''), []);
  for (const m of text.matchAll(JS_CALL)) add(npmPackageName(m[2] ?? ''), jsBindings(m[1] ?? ''));
}

/** `X`, `* as X`, `{ a, b as c, type d }` -> the local names. */
function jsBindings(clause: string): string[] {
  return [...clause.replace(/[\w$]+\s+as\s+([\w$]+)/g, '$1').matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]).filter((w) => w !== 'type' && w !== 'as');
}

/** The package a module specifier names, or undefined for relative paths, URLs, aliases and built-ins. */
export function npmPackageName(specifier: string): string | undefined {
  if (!specifier || /^[./#~]|^[a-z][\w+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[0] !== '@' && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}

const PY_IMPORT = /^[ \t]*import[ \t]+([\w. \t,]{1,800})/gm;
const PY_FROM = /^[ \t]*from[ \t]+([\w.]{1,300})[ \t]+import[ \t]+(\((?:(?!^[ \t]*(?:from|import)\b)[^)]){0,2000}\)|[^\n]{0,800})/gm;

function scanPython(text: string, add: Add): void {
  for (const m of text.matchAll(PY_IMPORT)) {
    for (const part of (m[1] ?? '').split(',')) {
      const [module, alias] = part.trim().split(/\s+as\s+/);
      const top = module?.split('.')[0]?.trim();
      if (top) add(top, [alias?.trim() || top]);
    }
  }
  for (const m of text.matchAll(PY_FROM)) {
    const module = m[1] ?? '';
    if (module.startsWith('.')) continue;
    const names = (m[2] ?? '')
      .replace(/[()]/g, ' ')
      .replace(/#[^\n]*/g, '')
      .split(',')
      .map((n) => n.trim().split(/\s+as\s+/).at(-1)?.trim() ?? '')
      .filter((n) => /^\w+$/.test(n));
    add(module.split('.')[0], names);
  }
}

const GO_SINGLE = /\bimport[ \t]+(?:([\w.]+)[ \t]+)?"([^"\n]{1,300})"/g;
const GO_BLOCK = /\bimport[ \t]*\(((?:(?!\bimport\b)[^)]){0,4000})\)/g;
const GO_SPEC = /^[ \t]*(?:([\w.]+)[ \t]+)?"([^"\n]{1,300})"/gm;

function scanGo(text: string, add: Add): void {
  const one = (alias: string | undefined, path: string | undefined) => {
    // The standard library's paths have no dot in their first element.
    if (!path || !path.split('/')[0]?.includes('.')) return;
    add(path, [alias && alias !== '_' && alias !== '.' ? alias : goPackageName(path)]);
  };
  for (const m of text.matchAll(GO_SINGLE)) one(m[1], m[2]);
  for (const block of text.matchAll(GO_BLOCK)) for (const m of (block[1] ?? '').matchAll(GO_SPEC)) one(m[1], m[2]);
}

/** The name a Go import binds by default, by convention: the last path element without a major version or `go-` prefix. */
function goPackageName(path: string): string {
  const parts = path.split('/');
  let last = parts.at(-1) ?? '';
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts.at(-2) ?? last;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[-.]/g, '');
}

const RUST_NOT_CRATES = new Set(['crate', 'self', 'super', 'Self', 'std', 'core', 'alloc', 'proc_macro', 'test']);
const RUST_USE = /\buse\s+(?:::)?([A-Za-z_]\w*)((?:(?!\buse\b)[^;]){0,800});/g;
const RUST_EXTERN = /\bextern\s+crate\s+([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?\s*;/g;

function scanRust(text: string, add: Add): void {
  // `use serde::{Deserialize, Serialize as Ser};` binds serde and every name in its tree.
  for (const m of text.matchAll(RUST_USE)) if (!RUST_NOT_CRATES.has(m[1] ?? '')) add(m[1], [m[1] ?? '', ...Array.from((m[2] ?? '').matchAll(/[A-Za-z_]\w*/g), (w) => w[0]).filter((w) => w !== 'as' && w !== 'self')]);
  for (const m of text.matchAll(RUST_EXTERN)) if (!RUST_NOT_CRATES.has(m[1] ?? '')) add(m[1], [m[2] ?? m[1] ?? '']);
}

/** `serde_json::from_str(…)` names the crate serde_json (Rust 2018 paths need no `use`). */
function rustPathRoots(code: string): Set<string> {
  const roots = new Set<string>();
  for (const m of code.matchAll(/(?<![\w:])([a-z_][a-z0-9_]*)::/g)) if (m[1] && !RUST_NOT_CRATES.has(m[1])) roots.add(m[1]);
  return roots;
}

function identifiers(code: string): Set<string> {
  return new Set(Array.from(code.matchAll(/[A-Za-z_$][\w$]*/g), (m) => m[0]));
}
