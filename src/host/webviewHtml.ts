import * as vscode from 'vscode';
import { L10N_ELEMENT_ID, bundleToScriptJson, toScriptJson } from '../shared/l10nBundle';
import { FIRST_MESSAGES_ELEMENT_ID, type HostMessage } from '../shared/messages';

/**
 * The one place that builds the chat webview's HTML and its Content-Security-Policy:
 * nothing loads but our own bundle, stylesheet and icon font; scripts run only with a
 * per-load nonce; no connect-src, so all traffic goes through the extension host.
 * The l10n bundle rides along as JSON in a script element that never runs (type application/json),
 * and so do the view's first messages (its state), so it paints without asking the host first.
 */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function chatHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, firstMessages: readonly HostMessage[] = []): string {
  const nonce = createNonce();
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  // The Markdown renderer is its own file: needed before the first paint only when it shows turns.
  const opensOnTurns = firstMessages.some((m) => m.type === 'state' && m.state.conversation.turns.length > 0);
  const markdown = opensOnTurns ? `<script nonce="${nonce}" src="${escapeAttr(asset('dist', 'webview-markdown.js'))}"></script>\n` : '';
  return `<!DOCTYPE html>
<html lang="${escapeAttr(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(asset('dist', 'codicons', 'codicon.css'))}">
<link rel="stylesheet" href="${escapeAttr(asset('dist', 'webview-style.css'))}">
<title>${escapeAttr(title)}</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script type="application/json" id="${L10N_ELEMENT_ID}">${bundleToScriptJson(vscode.l10n.bundle)}</script>
<script type="application/json" id="${FIRST_MESSAGES_ELEMENT_ID}">${toScriptJson(firstMessages)}</script>
${markdown}<script nonce="${nonce}" src="${escapeAttr(asset('dist', 'webview.js'))}"></script>
</body>
</html>`;
}

function createNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
