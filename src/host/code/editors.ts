import { type Disposable, type TextEditor, window } from 'vscode';
import { PROPOSED_SCHEME } from './proposedContent';

/**
 * The editor the user means when they click in the chat: the active one, or the last one that was
 * active (a chat in an editor panel takes the active editor away). Diffs we propose do not count.
 */
export class LastEditor implements Disposable {
  private last: TextEditor | undefined = usable(window.activeTextEditor);
  private readonly subscription = window.onDidChangeActiveTextEditor((editor) => {
    if (usable(editor)) this.last = editor;
  });

  get(): TextEditor | undefined {
    const active = usable(window.activeTextEditor);
    if (active) return active;
    if (this.last && !this.last.document.isClosed && window.visibleTextEditors.includes(this.last)) return this.last;
    return window.visibleTextEditors.find((e) => usable(e));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

function usable(editor: TextEditor | undefined): TextEditor | undefined {
  if (!editor || editor.document.uri.scheme === PROPOSED_SCHEME || editor.document.uri.scheme === 'output') return undefined;
  return editor;
}
