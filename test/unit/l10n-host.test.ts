import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT, isL10nCall, parse, sourceFiles, where } from '../tools/l10nStrings';

/**
 * Every user-facing text the host passes to VS Code's UI must come from vscode.l10n.t (or the
 * controller's injected t), directly or through a variable assigned from it: checked on the AST.
 */

/** Calls whose argument at the index is shown to the user as is. */
const TEXT_ARGUMENT: Record<string, number> = {
  showInformationMessage: 0,
  showWarningMessage: 0,
  showErrorMessage: 0,
  setStatusBarMessage: 0,
  createWebviewPanel: 1,
};
/** Calls taking an options object, and its argument index; the listed properties are shown. */
const OPTIONS_ARGUMENT: Record<string, number> = { showInputBox: 0, showQuickPick: 1, withProgress: 0, showSaveDialog: 0, showOpenDialog: 0 };
const SHOWN_OPTIONS = new Set(['title', 'prompt', 'placeHolder', 'saveLabel', 'openLabel']);
/** Properties set on a quick pick / input box made with createQuickPick / createInputBox. */
const SHOWN_ASSIGNMENTS = new Set(['title', 'placeholder', 'prompt', 'tooltip']);
/** Properties shown wherever they are written in an object literal (quick input buttons, status bar items). */
const SHOWN_PROPERTIES = new Set(['tooltip']);

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Variables in the file assigned from a localised expression (const x = vscode.l10n.t(...)). */
function localisedVariables(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const declarations: ts.VariableDeclaration[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) declarations.push(node);
    ts.forEachChild(node, collect);
  };
  collect(source);
  // A few rounds so a variable assigned from another localised variable counts too.
  for (let round = 0; round < 3; round++) {
    for (const d of declarations) if (isLocalised(d.initializer!, names)) names.add((d.name as ts.Identifier).text);
  }
  // A name declared twice, once from something else, is not trusted.
  for (const d of declarations) {
    const name = (d.name as ts.Identifier).text;
    if (names.has(name) && !isLocalised(d.initializer!, names)) names.delete(name);
  }
  return names;
}

function isLocalised(expr: ts.Expression, variables: ReadonlySet<string>): boolean {
  if (ts.isParenthesizedExpression(expr)) return isLocalised(expr.expression, variables);
  if (ts.isConditionalExpression(expr)) return isLocalised(expr.whenTrue, variables) && isLocalised(expr.whenFalse, variables);
  if (ts.isIdentifier(expr)) return expr.text === 'undefined' || variables.has(expr.text);
  return isL10nCall(expr) || isWordedWith(expr) || isData(expr);
}

/** A translator itself, passed as a value: `vscode.l10n.t`, `t`, `this.deps.t`. */
function isTranslator(expr: ts.Expression): boolean {
  return (ts.isIdentifier(expr) && expr.text === 't') || (ts.isPropertyAccessExpression(expr) && expr.name.text === 't');
}

/**
 * A wording function handed the translator (errorText(reason, vscode.l10n.t), statusText(s, t)):
 * such functions word typed data with literal templates (src/core/errorText.ts and its kin), and
 * their own tests run them in a pseudo-locale.
 */
function isWordedWith(expr: ts.Expression): boolean {
  return ts.isCallExpression(expr) && expr.arguments.some(isTranslator);
}

/**
 * Data shown as it is (an agent's name and description from its server): a property of an object,
 * or a template that joins such values with punctuation only. No words of ours, nothing to translate.
 */
function isData(expr: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(expr)) return true;
  if (!ts.isTemplateExpression(expr)) return false;
  const texts = [expr.head.text, ...expr.templateSpans.map((span) => span.literal.text)];
  return texts.every((text) => !/\p{L}/u.test(text)) && expr.templateSpans.every((span) => isData(span.expression));
}

/** `file:line: text` of every shown text that does not come from l10n. */
export function unlocalisedUiTexts(source: ts.SourceFile): string[] {
  const variables = localisedVariables(source);
  const problems: string[] = [];
  const check = (expr: ts.Expression | undefined, what: string) => {
    if (expr && !isLocalised(expr, variables)) problems.push(`${where(source, expr)}: ${what}: ${expr.getText(source).slice(0, 100)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node) ?? '';
      if (Object.hasOwn(TEXT_ARGUMENT, name)) check(node.arguments[TEXT_ARGUMENT[name]!], name);
      const options = Object.hasOwn(OPTIONS_ARGUMENT, name) ? node.arguments[OPTIONS_ARGUMENT[name]!] : undefined;
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const p of options.properties) {
          if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && SHOWN_OPTIONS.has(p.name.text)) check(p.initializer, `${name} ${p.name.text}`);
          if (ts.isShorthandPropertyAssignment(p) && SHOWN_OPTIONS.has(p.name.text)) check(p.name, `${name} ${p.name.text}`);
        }
      } else if (options) {
        problems.push(`${where(source, options)}: ${name} options must be an object literal so their texts can be checked`);
      }
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && SHOWN_PROPERTIES.has(node.name.text)) check(node.initializer, node.name.text);
    // A chat participant's result: `errorDetails: { message }` is shown under the answer. An error's
    // own `message` is the English log text, so here a property is not taken for data.
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'errorDetails' && ts.isObjectLiteralExpression(node.initializer)) {
      for (const p of node.initializer.properties) {
        if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || p.name.text !== 'message') continue;
        if (ts.isPropertyAccessExpression(p.initializer) || !isLocalised(p.initializer, variables)) {
          problems.push(`${where(source, p.initializer)}: errorDetails message: ${p.initializer.getText(source).slice(0, 100)}`);
        }
      }
    }
    const assigned = ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? node.left : undefined;
    if (assigned && ts.isPropertyAccessExpression(assigned) && SHOWN_ASSIGNMENTS.has(assigned.name.text)) {
      check((node as ts.BinaryExpression).right, `.${assigned.name.text} =`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

test('every message, prompt, title and placeholder the host shows comes from vscode.l10n.t', () => {
  const files = sourceFiles(join(ROOT, 'src/host'));
  assert.ok(files.length >= 8);
  const problems = files.flatMap((file) => unlocalisedUiTexts(parse(relative(ROOT, file), readFileSync(file, 'utf8'))));
  assert.deepEqual(problems, []);
});

test('the check finds bare literals, templates and unknown variables, and accepts l10n calls', () => {
  const source = parse(
    'fixture.ts',
    `
const ok = vscode.l10n.t('Saved.');
const alsoOk = flag ? ok : vscode.l10n.t('Other');
let raw = 'Saved.';
vscode.window.showInformationMessage(ok);
vscode.window.showWarningMessage(alsoOk);
vscode.window.showErrorMessage(vscode.l10n.t('Failed: {0}', e));
vscode.window.showErrorMessage('Failed');
vscode.window.showInformationMessage(\`Saved \${name}\`);
vscode.window.showWarningMessage(raw);
vscode.window.setStatusBarMessage('Copied', 2000);
vscode.window.showInputBox({ title: vscode.l10n.t('Key'), prompt: 'Paste it', placeHolder: t('Key'), password: true });
vscode.window.showQuickPick(items, { title: 'Pick one' });
vscode.window.withProgress({ location: 1, title: \`Checking\` }, task);
pick.placeholder = list.length ? vscode.l10n.t('Open one') : 'Nothing yet';
pick.title = vscode.l10n.t('History');
const remove = { iconPath: icon, tooltip: 'Delete' };
item.tooltip = vscode.l10n.t('Agent');
vscode.window.showErrorMessage(errorText(reason, vscode.l10n.t));
vscode.window.showErrorMessage(errorText(reason));
const failed = { errorDetails: { message: error.message }, metadata };
const worded = { errorDetails: { message: errorText(error.reason, vscode.l10n.t) } };
`,
  );
  const lines = unlocalisedUiTexts(source).map((p) => Number(p.split(':')[1]));
  assert.deepEqual(lines, [8, 9, 10, 11, 12, 13, 14, 15, 17, 20, 21]);
});
