// Builds the bundles: the extension host (Node, CommonJS, `vscode` external: a small activation bundle and
// the rest, loaded on first use), the demo server, and the
// chat webview (browser) with its lazily loaded highlighting chunk.
// `--watch` rebuilds on change; `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import subsetFont from 'subset-font';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const shared = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'info',
};
// Every Node bundle: CommonJS in dist/.
const node = { ...shared, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node18' };
/**
 * One `require("vscode")` per extension-host bundle. esbuild writes one for every source module that
 * imports `vscode` (49 in extension-main.js, 4 in extension.js), and VS Code's extension host resolves
 * the real path of the requiring file on every one of them: 0.16-0.55 ms each, measured in code-server
 * on this project's 2-core machine, so 8-26 ms of the first use. The banner requires it once; every
 * `require("vscode")` esbuild wrote after it is replaced by the banner's binding, a name of the same
 * length, so source maps stay right. test/unit/bundle-loads.test.ts counts the requires.
 */
const VSCODE_REQUIRE = 'require("vscode")';
const VSCODE_ONCE = '__vscodeApiOnce__';
const VSCODE_ONCE_BANNER = `var ${VSCODE_ONCE} = ${VSCODE_REQUIRE};`;
/** Only a require whose value is bound (`x = require("vscode")`, as esbuild writes each), not those words in a message. */
const BOUND_VSCODE_REQUIRE = /(?<=[\w$]\s?=\s?)require\("vscode"\)/g;
/**
 * A banner goes above the "use strict" esbuild writes, where it is no longer a directive: each
 * host bundle's banner starts with its own, so the bundle stays strict.
 */
const STRICT = '"use strict";';
const oneVscodeRequire = {
  name: 'one-vscode-require',
  setup(build) {
    build.initialOptions.metafile = true;
    build.onEnd((result) => {
      for (const file of Object.keys(result.metafile?.outputs ?? {}).filter((out) => out.endsWith('.js'))) {
        const text = readFileSync(file, 'utf8');
        const rest = text.indexOf(VSCODE_ONCE_BANNER) + VSCODE_ONCE_BANNER.length;
        if (rest < VSCODE_ONCE_BANNER.length) throw new Error(`${file} lacks the banner that requires vscode once`);
        writeFileSync(file, text.slice(0, rest) + text.slice(rest).replace(BOUND_VSCODE_REQUIRE, VSCODE_ONCE));
      }
    });
  },
};
// The extension host's bundles: `vscode` comes from the host; ES module builds first (jsonc-parser's
// UMD build requires its parts at run time, which a bundle cannot resolve).
const host = { ...node, external: ['vscode'], mainFields: ['module', 'main'], banner: { js: `${STRICT}${VSCODE_ONCE_BANNER}` }, plugins: [oneVscodeRequire] };

const builds = [
  // The extension-host test suite (not packaged): run by test-electron or code-server.
  ...(production
    ? []
    : [
        { ...node, entryPoints: { 'test/suite': 'test/electron/suite.ts' }, external: ['vscode'] },
      ]),
  {
    ...host,
    entryPoints: { extension: 'src/extension.ts' },
    // Let activate() report what loading and activating the extension cost (npm run bench).
    banner: { js: `${STRICT}var __youAgentsLoadStart = performance.now(), __youAgentsLoadEnd;\n${VSCODE_ONCE_BANNER}` },
    footer: { js: '__youAgentsLoadEnd = performance.now();' },
    // Activation loads only the stand-ins; the rest is its own file, required on first use.
    plugins: [
      ...host.plugins,
      { name: 'deferred-main', setup: (build) => build.onResolve({ filter: /^\.\/extension-main\.js$/ }, (args) => ({ path: args.path, external: true })) },
    ],
  },
  { ...host, entryPoints: { 'extension-main': 'src/host/main.ts' } },
  // Library versions (import scanners, lockfile readers, the YAML and TOML parsers) are their own file,
  // loaded on the first question about code (src/host/code/libraryVersions.ts), never on activation.
  { ...node, entryPoints: { versions: 'src/core/context/versions.ts' }, mainFields: ['module', 'main'] },
  // The demo agent is its own file, loaded only by "Try the demo" (exports startDemoServer).
  { ...node, entryPoints: { 'demo-server': 'src/demo/server.ts' } },
  {
    ...shared,
    entryPoints: { webview: 'src/webview/main.ts', 'webview-style': 'src/webview/style.css' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  // Syntax highlighting (highlight.js core and the grammars it needs) is its own file, which the
  // webview adds on its first code block, so opening the chat does not pay for it. The Markdown
  // renderer is its own file too: the page carries it when it opens on turns, else loads it when
  // the first answer starts (src/webview/markdownLoader.ts); opening the composer does not parse it.
  {
    ...shared,
    entryPoints: { 'webview-highlight': 'src/webview/highlightChunk.ts', 'webview-markdown': 'src/webview/markdownChunk.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

/**
 * Only the icons the webview uses (src/webview/codicons.txt): their classes, not all of
 * @vscode/codicons' CSS, and a font with only their glyphs (6 KB, not 125; HarfBuzz's subsetter,
 * through subset-font), which the host writes into every chat page (src/host/webviewHtml.ts).
 */
async function buildCodicons() {
  const dir = 'node_modules/@vscode/codicons/dist';
  mkdirSync('dist/codicons', { recursive: true });
  const css = readFileSync(`${dir}/codicon.css`, 'utf8');
  const used = new Set(readFileSync('src/webview/codicons.txt', 'utf8').split(/\s+/).filter(Boolean));
  // The @font-face is left out: the webview adds the font from the page's bytes (src/webview/iconFont.ts).
  const head = css.slice(0, css.indexOf('.codicon-')).replace(/@font-face \{[^}]*\}\s*/, '');
  const rules = [...css.matchAll(/\.codicon-([\w-]+):before \{ content: "\\([0-9a-f]+)" \}/g)].filter(([, name]) => used.has(name));
  const spin = css.match(/@keyframes codicon-spin[\s\S]*?\n\}\n|\.codicon-modifier-spin[^}]*\}/g) ?? [];
  writeFileSync('dist/codicons/codicon.css', `${head}${rules.map(([rule]) => rule).join('\n')}\n${spin.join('\n')}\n`);
  const glyphs = rules.map(([, , hex]) => String.fromCodePoint(parseInt(hex, 16))).join('');
  writeFileSync('dist/codicons/codicon.ttf', await subsetFont(readFileSync(`${dir}/codicon.ttf`), glyphs, { targetFormat: 'truetype' }));
}
await buildCodicons();

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
