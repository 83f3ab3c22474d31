import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { readSettings, type SettingExpectation } from '../../src/core/settings';
import { parse, ROOT, sourceFiles } from '../tools/l10nStrings';

/**
 * package.json and the code agree, both sides read from their sources (no list here): every
 * contributed command and view is registered by src/ and every registered one is contributed;
 * every contributed setting is read by the validator (src/core/settings.ts) and every setting it
 * reads is contributed; a setting's range or choices in the manifest are the validator's.
 */

interface ConfigProperty {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  enum?: string[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    menus?: Record<string, { command?: string }[]>;
    keybindings?: { command: string }[];
    configuration: { properties: Record<string, ConfigProperty> };
  };
};
const PREFIX = 'youAgents.';
const contributedCommands = new Set(manifest.contributes.commands.map((c) => c.command));
const contributedViews = new Set(Object.values(manifest.contributes.views).flatMap((views) => views.map((v) => v.id)));
const properties = manifest.contributes.configuration.properties;

/** Every `const NAME = 'literal'` in src/, so an id passed by name resolves to its text. */
function constants(files: readonly ts.SourceFile[]): Map<string, string> {
  const values = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isStringLiteralLike(node.initializer)) {
      values.set(node.name.text, node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  for (const file of files) visit(file);
  return values;
}

/**
 * The first arguments of calls named `names` (`vscode.commands.registerCommand(...)`, a local
 * `register(...)` helper), resolved to strings; an argument that resolves to nothing is reported.
 */
function firstArguments(names: readonly string[], skip: (path: string) => boolean = () => false): { ids: Set<string>; unresolved: string[] } {
  const files = sourceFiles(join(ROOT, 'src'))
    .filter((path) => !skip(path))
    .map((path) => parse(relative(ROOT, path), readFileSync(path, 'utf8')));
  const named = constants(files);
  const ids = new Set<string>();
  const unresolved: string[] = [];
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        const first = node.arguments[0];
        if (names.includes(name) && first) {
          const id = ts.isStringLiteralLike(first) ? first.text : ts.isIdentifier(first) ? named.get(first.text) : undefined;
          if (id !== undefined) ids.add(id);
          else if (!(ts.isIdentifier(first) && isParameter(first))) unresolved.push(`${file.fileName}: ${node.getText(file).slice(0, 80)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { ids, unresolved };
}

/** True for a name that is a parameter of an enclosing function (a helper's `id`, resolved at its call sites). */
function isParameter(name: ts.Identifier): boolean {
  for (let node: ts.Node | undefined = name.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name.text)) return true;
  }
  return false;
}

/** The keys readSettings asks for, and what it expects of each (a probe value no rule accepts). */
function validatorRules(): { read: Set<string>; expected: Map<string, SettingExpectation> } {
  const read = new Set<string>();
  readSettings({ get: (key) => void read.add(key), userValue: (key) => void read.add(key), workspaceValueSet: () => false });
  const expected = new Map<string, SettingExpectation>();
  for (const key of read) {
    const probe = { shape: 'no rule accepts this' };
    const only = (k: string) => (k === key ? probe : undefined);
    const { warnings } = readSettings({ get: only, userValue: only, workspaceValueSet: () => false });
    const warning = warnings.find((w) => w.code === 'invalid' && w.key === key);
    if (warning?.code === 'invalid') expected.set(key, warning.expected);
  }
  return { read, expected };
}

const sorted = (values: Iterable<string>) => [...values].sort();

describe('package.json and the code agree', () => {
  test('every contributed command is registered, and every registered command is contributed', () => {
    // The activation stand-ins register every contributed command by reading the manifest itself
    // (bundle-loads.test.ts checks them); the real registrations are what must agree with it.
    const standIns = (path: string) => path.endsWith(join('host', 'standIns.ts'));
    const { ids, unresolved } = firstArguments(['registerCommand', 'registerTextEditorCommand', 'register'], standIns);
    assert.deepEqual(unresolved, [], 'command ids the test cannot read: register with a literal or a const');
    const registered = [...ids].filter((id) => id.startsWith(PREFIX));
    assert.deepEqual(sorted(registered), sorted(contributedCommands));
  });

  test('menus and keybindings name only contributed commands', () => {
    const { menus = {}, keybindings = [] } = manifest.contributes;
    const used = [...Object.values(menus).flatMap((items) => items.map((i) => i.command)), ...keybindings.map((k) => k.command)];
    const ours = used.filter((c): c is string => c?.startsWith(PREFIX) === true);
    assert.ok(ours.length > 0);
    assert.deepEqual(
      ours.filter((c) => !contributedCommands.has(c)),
      [],
    );
  });

  test('every contributed view has a provider, and every provider a contributed view', () => {
    const { ids } = firstArguments(['registerWebviewViewProvider', 'registerTreeDataProvider', 'createTreeView']);
    assert.ok(contributedViews.size > 0);
    assert.deepEqual(sorted(ids), sorted(contributedViews));
  });

  test('every contributed setting is read by the validator, and every setting it reads is contributed', () => {
    const { read } = validatorRules();
    assert.deepEqual(sorted([...read].map((key) => PREFIX + key)), sorted(Object.keys(properties)));
  });

  test("a setting's type, range and choices in package.json are the validator's", () => {
    const { expected } = validatorRules();
    const mismatches: string[] = [];
    for (const [key, rule] of expected) {
      const property = properties[PREFIX + key];
      if (!property) continue; // reported by the test above
      const manifestRule = {
        type: property.type,
        ...(property.minimum !== undefined ? { min: property.minimum } : {}),
        ...(property.maximum !== undefined ? { max: property.maximum } : {}),
        ...(property.enum ? { values: property.enum } : {}),
      };
      const validatorRule =
        rule.kind === 'integer'
          ? { type: 'integer', min: rule.min, max: rule.max }
          : rule.kind === 'one-of'
            ? { type: 'string', values: [...rule.values] }
            : rule.kind === 'boolean'
              ? { type: 'boolean' }
              : undefined;
      if (validatorRule) {
        if (JSON.stringify(manifestRule) !== JSON.stringify(validatorRule)) {
          mismatches.push(`${key}: package.json ${JSON.stringify(manifestRule)}, validator ${JSON.stringify(validatorRule)}`);
        }
      }
    }
    assert.ok(expected.size > 5, 'the probe reached the validator');
    assert.deepEqual(mismatches, []);
  });
});
