import * as vscode from 'vscode';
import { PROPOSED_SCHEME } from './proposedContent';

/**
 * The editor the user means when they click in the chat: the active one, or the last one that was
 * active (a chat in an editor panel takes the active editor away). Diffs we propose do not count.
 */
export class LastEditor implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = usable(vscode.window.activeTextEditor);
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (usable(editor)) this.last = editor;
  });

  get(): vscode.TextEditor | undefined {
    const active = usable(vscode.window.activeTextEditor);
    if (active) return active;
    if (this.last && !this.last.document.isClosed && vscode.window.visibleTextEditors.includes(this.last)) return this.last;
    return vscode.window.visibleTextEditors.find((e) => usable(e));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

function usable(editor: vscode.TextEditor | undefined): vscode.TextEditor | undefined {
  if (!editor || editor.document.uri.scheme === PROPOSED_SCHEME || editor.document.uri.scheme === 'output') return undefined;
  return editor;
}
