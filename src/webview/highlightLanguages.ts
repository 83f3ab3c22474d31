/**
 * Which highlight.js grammar a code fence's language name selects. Only the fence decides (no
 * auto-detection): a name not listed here leaves the block plain. No DOM, so plain Node tests it.
 */
export const FENCE_NAMES = {
  typescript: ['typescript', 'ts', 'tsx', 'mts', 'cts'],
  javascript: ['javascript', 'js', 'jsx', 'mjs', 'cjs', 'node'],
  python: ['python', 'py', 'py3', 'python3', 'gyp'],
  java: ['java'],
  c: ['c', 'h'],
  cpp: ['cpp', 'c++', 'cc', 'cxx', 'hpp', 'hh', 'hxx', 'h++'],
  csharp: ['csharp', 'cs', 'c#'],
  go: ['go', 'golang'],
  rust: ['rust', 'rs'],
  bash: ['bash', 'sh', 'shell', 'zsh', 'ksh', 'shellscript'],
  shell: ['console', 'shell-session', 'shellsession', 'terminal'],
  json: ['json', 'jsonc', 'json5', 'jsonl'],
  yaml: ['yaml', 'yml'],
  xml: ['html', 'htm', 'xhtml', 'xml', 'svg'],
  css: ['css'],
  sql: ['sql', 'mysql', 'postgresql', 'postgres', 'sqlite', 'plsql', 'tsql'],
  markdown: ['markdown', 'md', 'mkd', 'mdx'],
  diff: ['diff', 'patch', 'udiff'],
} as const;

export type Grammar = keyof typeof FENCE_NAMES;

const BY_FENCE = new Map<string, Grammar>(
  (Object.entries(FENCE_NAMES) as [Grammar, readonly string[]][]).flatMap(([grammar, names]) => names.map((name) => [name, grammar] as const)),
);

/** The grammar for a fence's language word (`ts`, `C++`, `golang`…), or undefined to stay plain. */
export function grammarForFence(language: string | undefined): Grammar | undefined {
  if (!language) return undefined;
  return BY_FENCE.get(language.trim().toLowerCase());
}
