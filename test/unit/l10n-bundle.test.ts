import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatMessage } from '../../src/core/translate';
import { bundleToScriptJson, parseBundle } from '../../src/shared/l10nBundle';
import { BUNDLE_PATH, ROOT, bundleText, parse, scanProject, scanSource } from '../tools/l10nStrings';

test('l10n/bundle.l10n.json lists exactly the strings the host and webview localise (regenerate: npm run l10n)', () => {
  const scan = scanProject();
  const committed = JSON.parse(readFileSync(BUNDLE_PATH, 'utf8')) as Record<string, string>;
  const missing = [...scan.messages].filter((m) => !Object.hasOwn(committed, m));
  const stale = Object.keys(committed).filter((m) => !scan.messages.has(m));
  assert.deepEqual(missing, [], 'strings used in code but missing from the bundle: run npm run l10n');
  assert.deepEqual(stale, [], 'strings in the bundle that no code uses any more: run npm run l10n');
  for (const [message, english] of Object.entries(committed)) assert.equal(english, message, 'the committed bundle maps English to English');
  assert.equal(readFileSync(BUNDLE_PATH, 'utf8'), bundleText(scan.messages), 'the bundle is in generated form (sorted): run npm run l10n');
  // Both sides are scanned: a host string and a webview string are present.
  assert.ok(scan.messages.has('You.com API key removed.') && scan.messages.has('Jump to latest'));
});

test('every t(...) / vscode.l10n.t(...) call in src/host and src/webview has a string literal first argument', () => {
  assert.deepEqual(scanProject().nonLiteral, []);
});

test('the scan extracts literal messages and reports computed ones', () => {
  const source = parse(
    'fixture.ts',
    [
      "vscode.l10n.t('Host {0}', x);",
      "t('Webview');",
      'this.deps.t(`Template`);',
      't(name);',
      "vscode.l10n.t(`Hello ${who}`);",
      "t('a' + b);",
      "other('not a message'); tt('nor this');",
    ].join('\n'),
  );
  const scan = scanSource(source);
  assert.deepEqual([...scan.messages].sort(), ['Host {0}', 'Template', 'Webview']);
  assert.deepEqual(
    scan.nonLiteral.map((s) => s.split(':')[1]),
    ['4', '5', '6'],
  );
});

test('the bundle JSON cannot end its script element, and reads back exactly', () => {
  const bundle = { 'Retry in {0} s': '</script><script>alert(1)</script> {0}', 'A & B': '<!-- \u2028 -->' };
  const json = bundleToScriptJson(bundle);
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  assert.deepEqual({ ...parseBundle(json) }, bundle);
  assert.equal(bundleToScriptJson(undefined), '{}');
});

test('a malformed bundle falls back to English without throwing; only string values are kept', () => {
  assert.deepEqual({ ...parseBundle('{not json') }, {});
  assert.deepEqual({ ...parseBundle('["a"]') }, {});
  assert.deepEqual({ ...parseBundle('{"a":"b","c":1,"d":null}') }, { a: 'b' });
  // A message named like an Object.prototype member is not found on the prototype.
  assert.equal(parseBundle('{}')['constructor'], undefined);
});

test('formatMessage fills {n} placeholders and keeps unknown ones', () => {
  assert.equal(formatMessage('Retry in {0} s', [5]), 'Retry in 5 s');
  assert.equal(formatMessage('{1} of {0} {2}', ['a', 'b']), 'b of a {2}');
  assert.equal(formatMessage('no args {0}', []), 'no args {0}');
});

/** Manifest fields VS Code shows to the user; their values must be %keys% from package.nls.json. */
const SHOWN_MANIFEST_FIELDS = new Set([
  'displayName',
  'description',
  'markdownDescription',
  'title',
  'category',
  'name',
  'contextualTitle',
  'userDescription',
  'markdownDeprecationMessage',
  'deprecationMessage',
]);

/**
 * Not shown as prose: chat participant and slash command names and tool names are identifiers the
 * user types (`@you /research`, `#youcom`), and a tool's input schema is read by the model.
 */
const IDENTIFIER_PATHS = [/\.chatParticipants\[\d+\](\.commands\[\d+\])?\.name$/, /\.languageModelTools\[\d+\]\.name$/, /\.inputSchema\./];

function manifestTexts(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => manifestTexts(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (IDENTIFIER_PATHS.some((pattern) => pattern.test(`${path}.${key}`))) continue;
      if (typeof v === 'string' && SHOWN_MANIFEST_FIELDS.has(key)) out.push({ path: `${path}.${key}`, text: v });
      else if (key === 'enumDescriptions' || key === 'markdownEnumDescriptions') {
        (v as string[]).forEach((text, i) => out.push({ path: `${path}.${key}[${i}]`, text }));
      }
      else manifestTexts(v, `${path}.${key}`, out);
    }
  }
}

test('every text the manifest shows is a %key% of package.nls.json, and every key there is used', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const texts: { path: string; text: string }[] = [];
  const { displayName, description, contributes, capabilities } = manifest;
  manifestTexts({ displayName, description, contributes, capabilities }, 'package', texts);
  assert.ok(texts.length > 20);
  const keyOf = (text: string) => /^%([^%]+)%$/.exec(text)?.[1];
  assert.deepEqual(texts.filter((t) => keyOf(t.text) === undefined), [], 'manifest texts not taken from package.nls.json');
  assert.deepEqual(texts.filter((t) => !Object.hasOwn(nls, keyOf(t.text)!)), [], 'manifest %keys% missing from package.nls.json');
  const used = new Set(texts.map((t) => keyOf(t.text)));
  assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'package.nls.json keys no manifest field uses');
});
