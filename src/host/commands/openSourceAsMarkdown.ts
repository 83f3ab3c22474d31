import { commands, type Disposable, l10n, ProgressLocation, window, workspace } from 'vscode';
import { isAgentError } from '../../core/errors';
import { errorText } from '../../core/errorText';
import { hostOf, isHttpUrl } from '../../core/url';
import { contentsOutput } from '../common/nativeChat/searchTools';
import type { CommandDeps } from './deps';

export const OPEN_SOURCE_COMMAND = 'youAgents.openSourceAsMarkdown';

/**
 * "Open Source as Markdown": a citation's context menu in the chat (package.json `webview/context`,
 * src/webview/sourceMenu.ts) or the palette (asks for the address). The page comes through the same
 * You.com Contents call as the page-contents tool, and opens as an untitled Markdown document.
 */
export function registerOpenSourceAsMarkdown({ you, log }: CommandDeps): Disposable {
  return commands.registerCommand(OPEN_SOURCE_COMMAND, async (argument?: unknown) => {
    const url = urlFrom(argument) ?? (await askForUrl());
    if (!url) return undefined;
    try {
      const pages = await window.withProgress(
        { location: ProgressLocation.Notification, title: l10n.t('Reading {0} through You.com…', hostOf(url)), cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return you.apis.contents([url], abort.signal);
        },
      );
      const document = await workspace.openTextDocument({ language: 'markdown', content: contentsOutput(pages, l10n.t) });
      await window.showTextDocument(document, { preview: false });
      return document.uri.toString();
    } catch (err) {
      if (!isAgentError(err)) throw err;
      if (err.kind === 'aborted') return undefined;
      log.warn(`open source as Markdown: ${err.message}`);
      void window.showErrorMessage(errorText(err.reason, l10n.t));
      return undefined;
    }
  });
}

/** The address from the webview's menu context (`{ sourceUrl }`) or a string argument; only http(s). */
function urlFrom(argument: unknown): string | undefined {
  const value =
    typeof argument === 'string' ? argument : typeof argument === 'object' && argument !== null ? (argument as { sourceUrl?: unknown }).sourceUrl : undefined;
  return typeof value === 'string' && isHttpUrl(value.trim()) ? value.trim() : undefined;
}

async function askForUrl(): Promise<string | undefined> {
  const value = await window.showInputBox({
    title: l10n.t('Open Source as Markdown'),
    prompt: l10n.t('The address of a web page (http or https)'),
    ignoreFocusOut: true,
    validateInput: (text) => (isHttpUrl(text.trim()) ? undefined : l10n.t('Enter an http(s) address.')),
  });
  return value?.trim() || undefined;
}
