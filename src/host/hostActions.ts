import { commands, type Disposable, env, l10n, Uri, window, workspace } from 'vscode';
import type { Log } from '../core/redact';
import { isHttpUrl, isYouComPage } from '../core/url';
import { LastEditor } from './code/editors';
import type { HostApi } from './common/webviewHandlers';

export const GET_KEY_URL = 'https://you.com/platform/api-keys';
export const CREDITS_URL = 'https://you.com/platform';

/**
 * What the webview asks the host to do with code, links and pages. The webview has no
 * clipboard, editor or network access of its own; everything goes through these checks.
 */
export class HostActions implements HostApi, Disposable {
  /** The same rule as Apply: never a diff we propose or an output panel. */
  private readonly editors = new LastEditor();

  constructor(private readonly log: Log) {}

  command<T>(id: string, ...args: unknown[]): Thenable<T | undefined> {
    return commands.executeCommand<T>(id, ...args);
  }

  async copy(text: string, what: 'code' | 'answer'): Promise<void> {
    await env.clipboard.writeText(text);
    const done = what === 'answer' ? l10n.t('$(check) Answer copied') : l10n.t('$(check) Code copied');
    window.setStatusBarMessage(done, 2500);
  }

  async openCode(code: string, fence: string): Promise<void> {
    const language = /^[\w#+.-]{1,40}$/.test(fence) ? fence : 'plaintext';
    const document = await workspace.openTextDocument({ content: code, language: languageId(language) });
    await window.showTextDocument(document, { preview: false });
  }

  async openYouPage(page: 'key' | 'credits', url?: string): Promise<void> {
    const target = page === 'key' ? GET_KEY_URL : url && isYouComPage(url) ? url : CREDITS_URL;
    await env.openExternal(Uri.parse(target));
  }

  async openLink(url: string): Promise<void> {
    if (!isHttpUrl(url)) {
      this.log.warn(`refused to open a non-http(s) link: ${url.slice(0, 100)}`);
      void window.showWarningMessage(l10n.t('Only http and https links can be opened.'));
      return;
    }
    await env.openExternal(Uri.parse(url, true));
  }

  async insert(code: string): Promise<void> {
    const editor = this.editors.get();
    if (!editor || editor.document.isClosed) {
      void window.showInformationMessage(l10n.t('Open an editor to insert the code into.'));
      return;
    }
    await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, code);
    });
    await window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  }

  dispose(): void {
    this.editors.dispose();
  }
}

/** Fence info strings that differ from VS Code language ids. */
function languageId(fence: string): string {
  const aliases: Record<string, string> = {
    ts: 'typescript',
    js: 'javascript',
    py: 'python',
    sh: 'shellscript',
    bash: 'shellscript',
    zsh: 'shellscript',
    rs: 'rust',
    yml: 'yaml',
    md: 'markdown',
    'c++': 'cpp',
    'c#': 'csharp',
    cs: 'csharp',
  };
  const lower = fence.toLowerCase();
  return aliases[lower] ?? lower;
}
