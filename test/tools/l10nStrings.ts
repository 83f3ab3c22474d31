import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Finds the strings the extension localises, with TypeScript's parser (no regexes): every call
 * whose callee is named `t` — `vscode.l10n.t(...)`, the controller's injected `t(...)` /
 * `this.deps.t(...)` in src/host, the webview's `t(...)` in src/webview. The first argument must
 * be a plain string literal; anything else cannot be extracted and is reported.
 */
export const ROOT = join(__dirname, '..', '..');
export const L10N_DIRS = ['src/core', 'src/host', 'src/webview'];
export const BUNDLE_PATH = join(ROOT, 'l10n', 'bundle.l10n.json');

export interface L10nScan {
  messages: Set<string>;
  /** `file:line: text` of each call whose first argument is not a string literal. */
  nonLiteral: string[];
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
    });
}

export function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

/** True for `t(...)`, `x.t(...)`, `vscode.l10n.t(...)`, `this.deps.t(...)`. */
export function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  return (ts.isIdentifier(callee) && callee.text === 't') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 't');
}

export function scanSource(source: ts.SourceFile, into: L10nScan = { messages: new Set(), nonLiteral: [] }): L10nScan {
  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) {
      const first = node.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) into.messages.add(first.text);
      else into.nonLiteral.push(`${where(source, node)}: ${node.getText(source).slice(0, 120)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return into;
}

export function scanProject(root = ROOT): L10nScan {
  const scan: L10nScan = { messages: new Set(), nonLiteral: [] };
  for (const dir of L10N_DIRS) {
    for (const file of sourceFiles(join(root, dir))) scanSource(parse(relative(root, file), readFileSync(file, 'utf8')), scan);
  }
  return scan;
}

/** The bundle file's content: every message mapped to itself, sorted, as committed in l10n/. */
export function bundleText(messages: Iterable<string>): string {
  const sorted = [...messages].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify(Object.fromEntries(sorted.map((m) => [m, m])), null, 2)}\n`;
}

export function where(source: ts.SourceFile, node: ts.Node): string {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return `${source.fileName}:${line + 1}`;
}
