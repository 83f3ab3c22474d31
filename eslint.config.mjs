// Lint: correctness (the recommended sets) and the layering of src/. Each layer's rules say what
// that folder may depend on; the per-target tsconfig files make the compiler agree (see README).
// Formatting is left alone, apart from the 160-character line limit.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// ---- what each layer may not import -------------------------------------------------------

const NO_TEST = { regex: '^(\\.\\./)+test(/|$)', message: 'src/ ships; test/ does not. Move what is shared into src/.' };
const NO_VSCODE = { name: 'vscode', message: 'Only src/host (and src/extension.ts) talk to VS Code.' };
const NO_HOST = { regex: '(^|/)host(/|$)', message: 'src/host is the VS Code side; nothing below it depends on it.' };
const NO_WEBVIEW = { regex: '(^|/)webview(/|$)', message: 'The protocol core does not know about the webview.' };
const NO_VSCODE_PURE = {
  name: 'vscode',
  message: 'src/host/common is the host code tested in plain Node: no vscode, not even a type. Take what you need as a parameter.',
};
const NO_SHARED = { regex: '(^|/)shared(/|$)', message: 'src/shared describes host<->webview messages; the core owns its own types.' };
const NODE_BUILTIN_MESSAGE = 'The webview runs in a browser: no Node built-ins.';
const NO_NODE_PATHS = builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: NODE_BUILTIN_MESSAGE }));
const NO_NODE_SCHEME = { regex: '^node:', message: NODE_BUILTIN_MESSAGE };
// Shared message types cross the host/webview boundary: they may name types, never pull in code.
const TYPES_ONLY = { regex: '.', allowTypeImports: true, message: 'src/shared holds types only: use `import type`.' };

const restrictImports = (paths, patterns) => ['error', { paths, patterns: [NO_TEST, ...patterns] }];
// A namespace import of `vscode` makes esbuild copy the whole API object into every file that has one
// (~50 files took ~15 ms of the host bundle's load); named imports read the one module. Types are free.
const NO_VSCODE_NAMESPACE = {
  selector: "ImportDeclaration[source.value='vscode'][importKind='value'] > ImportNamespaceSpecifier",
  message: "Import what you use from 'vscode' by name: esbuild copies the whole API for `* as vscode`, per file.",
};

// ---- what src/ may not call ---------------------------------------------------------------

// `fetch` goes through src/core/net/http.ts (timeouts, retries, redacted logs, test seams).
const FETCH_MESSAGE = 'Only src/core/net/http.ts calls fetch; use openHttp from there.';
const NO_GLOBAL_FETCH = { name: 'fetch', message: FETCH_MESSAGE };
const NO_FETCH_MEMBER = {
  selector: "MemberExpression[property.name='fetch'][object.name=/^(globalThis|window|self|global)$/]",
  message: FETCH_MESSAGE,
};
// `import type` is covered by no-restricted-imports; these are the other ways to reach test/.
const TEST_PATH = '/^(\\.\\.\\/)+test(\\/|$)/';
const NO_TEST_DYNAMIC = [
  { selector: `ImportExpression[source.value=${TEST_PATH}]`, message: NO_TEST.message },
  { selector: `TSImportType[argument.literal.value=${TEST_PATH}]`, message: NO_TEST.message },
  { selector: `CallExpression[callee.name='require'][arguments.0.value=${TEST_PATH}]`, message: NO_TEST.message },
];

export default defineConfig(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/**'] },
  {
    files: ['**/*.ts', '**/*.mjs'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { '@stylistic': stylistic },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@stylistic/max-len': ['error', { code: 160, tabWidth: 2, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    // Demo answers are Markdown prose inside template literals: wrapping them would change the text.
    files: ['src/demo/answers.ts'],
    rules: { '@stylistic/max-len': ['error', { code: 160, tabWidth: 2, ignoreUrls: true, ignoreTemplateLiterals: true }] },
  },
  {
    // Build scripts (plain ESM JavaScript run by Node).
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // ---- layers (later blocks win, so each one repeats the src-wide restriction on test/) ----
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports([], []),
      'no-restricted-globals': ['error', NO_GLOBAL_FETCH],
      'no-restricted-syntax': ['error', NO_FETCH_MEMBER, NO_VSCODE_NAMESPACE, ...NO_TEST_DYNAMIC],
    },
  },
  {
    // Small functions, one job each: a longer one says why in an eslint-disable comment.
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports([NO_VSCODE], [NO_HOST, NO_WEBVIEW, NO_SHARED]) },
  },
  {
    // The demo agent ships, and runs in the extension host's Node: no VS Code, no UI code.
    files: ['src/demo/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports([NO_VSCODE], [NO_HOST, NO_WEBVIEW, NO_SHARED]) },
  },
  {
    // Pure host code (wording, mappings, message handlers): a folder, so a new file is covered by where it lives.
    files: ['src/host/common/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports([NO_VSCODE_PURE], [NO_WEBVIEW]) },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports([NO_VSCODE, ...NO_NODE_PATHS], [NO_HOST, NO_NODE_SCHEME]) },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': restrictImports([], [TYPES_ONLY]) },
  },
  {
    files: ['src/core/net/http.ts'],
    rules: {
      'no-restricted-globals': 'off',
      'no-restricted-syntax': ['error', NO_VSCODE_NAMESPACE, ...NO_TEST_DYNAMIC],
    },
  },
);
