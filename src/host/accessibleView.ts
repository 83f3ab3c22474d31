import { commands, type Disposable, EventEmitter, l10n, type TextDocumentContentProvider, Uri, window, workspace } from 'vscode';
import type { Conversation } from '../core/conversation';
import { turnToPlainText } from '../core/plainText';

/** The scheme of the read-only documents the accessible view opens. */
export const ACCESSIBLE_VIEW_SCHEME = 'you-agents-answer';
/** Texts kept for documents still open: a few answers, not the whole history. */
const KEPT = 20;

/**
 * VS Code's chat offers Alt+F2 for a response as plain text in an accessible view. Extensions cannot
 * add to that view (no stable API at ^1.90), so an answer opens as plain text in a read-only editor,
 * where a screen reader reads and navigates it like any file: the question, the answer without
 * Markdown marks, the numbered sources.
 */
export function registerAccessibleView(current: () => Conversation): Disposable[] {
  const texts = new Map<string, string>();
  const changed = new EventEmitter<Uri>();
  const provider: TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? l10n.t('This answer is no longer open in the chat.'),
  };

  const open = async (turnId?: string) => {
    const turns = current().turns;
    // The focused turn, else the last one that has an answer (or at least a question).
    const answered = turns.map((turn) => turn.answer.trim() !== '').lastIndexOf(true);
    const at = turnId ? turns.findIndex((turn) => turn.id === turnId) : answered !== -1 ? answered : turns.length - 1;
    const turn = turns[at];
    if (!turn) {
      void window.showInformationMessage(l10n.t('There is no answer to show yet.'));
      return;
    }
    const text = turnToPlainText(turn, {
      question: l10n.t('Question'),
      answer: l10n.t('Answer'),
      sources: l10n.t('Sources'),
      noAnswer: l10n.t('(no answer yet)'),
    });
    // One document per turn: opening it again shows the answer as it is now.
    const uri = Uri.from({ scheme: ACCESSIBLE_VIEW_SCHEME, path: `/${l10n.t('Answer {0}', at + 1)}.txt`, query: turn.id });
    const key = uri.toString();
    texts.delete(key);
    texts.set(key, text);
    for (const old of texts.keys()) if (texts.size > KEPT) texts.delete(old);
    changed.fire(uri);
    const document = await workspace.openTextDocument(uri);
    await window.showTextDocument(document, { preview: true });
  };

  return [
    changed,
    workspace.registerTextDocumentContentProvider(ACCESSIBLE_VIEW_SCHEME, provider),
    commands.registerCommand('youAgents.openAccessibleView', (turnId?: unknown) => open(typeof turnId === 'string' ? turnId : undefined)),
  ];
}
