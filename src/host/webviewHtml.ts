import { readFileSync } from 'node:fs';
import { env, l10n, Uri, type Webview, type WebviewOptions } from 'vscode';
import { L10N_ELEMENT_ID, bundleToScriptJson, toScriptJson } from '../shared/l10nBundle';
import { iconFontElement } from '../shared/iconFont';
import { FIRST_MESSAGES_ELEMENT_ID, isStateWithTurns } from '../shared/messages';

/**
 * The one place that builds the chat webview's HTML and its Content-Security-Policy:
 * nothing runs but our own bundle, and only with a per-load nonce; styles are ours (nonce); no
 * font source at all and no image source but the extension's files, and no connect-src, so all
 * traffic goes through the extension host. The l10n bundle rides along as JSON in a script element that never runs (type
 * application/json), and so do the view's first messages (its state), so it paints without asking
 * the host first, and the icon font (8 KB in base64: src/shared/iconFont.ts).
 *
 * The bundle and the stylesheets are written into the page rather than linked: each linked file
 * is a request through VS Code's webview service worker to the extension's files, and the page
 * showed 1.47x later than an empty webview with them linked (1.16x written in; npm run bench).
 */
export function webviewOptions(extensionUri: Uri): WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [Uri.joinPath(extensionUri, 'dist'), Uri.joinPath(extensionUri, 'media')],
  };
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The chat page's title (the sidebar view and the editor panel). */
export const chatTitle = (): string => l10n.t('You.com Chat');

/** The text of a file under dist/ (the webview bundle, its chunks, the stylesheets), or its bytes in base64 (the icon font). */
export type DistText = (file: string, encoding?: 'base64') => string;

export function chatHtml(
  webview: Webview,
  extensionUri: Uri,
  title: string,
  /** Host messages (src/shared/messages.ts) the page paints first; it checks each as it checks any. */
  firstMessages: readonly unknown[] = [],
  distText: DistText = readDist(extensionUri),
): string {
  const nonce = createNonce();
  const asset = (...path: string[]) => webview.asWebviewUri(Uri.joinPath(extensionUri, ...path)).toString();
  const inline = (file: string) => inert(distText(file));
  // The turns chunk (the Markdown renderer and the turns' views) is its own file: needed before the first paint only when it shows turns.
  const opensOnTurns = firstMessages.some(isStateWithTurns);
  const markdown = opensOnTurns ? `<script nonce="${nonce}">${inline('webview-markdown.js')}</script>\n` : '';
  return `<!DOCTYPE html>
<html lang="${escapeAttr(env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${inline('codicons/codicon.css')}</style>
<style nonce="${nonce}">${inline('webview-style.css')}</style>
<title>${escapeAttr(title)}</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script type="application/json" id="${L10N_ELEMENT_ID}">${bundleToScriptJson(l10n.bundle)}</script>
<script type="application/json" id="${FIRST_MESSAGES_ELEMENT_ID}">${toScriptJson(firstMessages)}</script>
${iconFontElement(distText('codicons/codicon.ttf', 'base64'))}
${markdown}<script nonce="${nonce}" data-chunks="${escapeAttr(`${asset('dist')}/`)}">${inline('webview.js')}</script>
</body>
</html>`;
}

/** dist/ files by path, read once per extension host: they change only with the extension. */
const distFiles = new Map<string, string>();

function readDist(extensionUri: Uri): DistText {
  return (file, encoding) => {
    const path = Uri.joinPath(extensionUri, 'dist', file).fsPath;
    const key = `${encoding ?? 'utf8'}:${path}`;
    let text = distFiles.get(key);
    if (text === undefined) distFiles.set(key, (text = readFileSync(path, encoding ?? 'utf8')));
    return text;
  };
}

/**
 * Our own bundles and stylesheets, made safe to write inside <script> and <style>: `</script` or
 * `</style` would end the element, and `<script` after a `<!--` would keep it from ending (the
 * HTML parser's "double escaped" state). esbuild's output holds neither outside strings and
 * regular expressions (test/unit/webview-html.test.ts), where `<\/` and `\x73` mean the same.
 */
function inert(text: string): string {
  return text.replace(/<(\/?)(script|style)/gi, (found: string, slash: string, name: string) => {
    if (slash) return `<\\/${name}`;
    return name.toLowerCase() === 'script' ? `<\\x${name.charCodeAt(0).toString(16)}${name.slice(1)}` : found;
  });
}

function createNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
