import { l10n, window } from 'vscode';
import type { HistoryEntry, HistoryStore } from '../../../core/history';
import type { Log } from '../../../core/redact';
import type { ChatController } from '../../chatController';

/** What the history commands use. */
export interface HistoryCommandDeps {
  controller: ChatController;
  history: HistoryStore;
  log: Log;
  /** Shows the chat where the user wants it (after a conversation was opened). */
  reveal(): Promise<void>;
}

/** The saved conversations, newest first; a warning for damaged files set aside, an error (and undefined) when unreadable. */
export async function listOrWarn({ history, log }: HistoryCommandDeps): Promise<HistoryEntry[] | undefined> {
  try {
    const { conversations, setAside } = await history.list();
    if (setAside.length > 0) void window.showWarningMessage(l10n.t('{0} damaged conversation file(s) were set aside.', setAside.length));
    return conversations;
  } catch (err) {
    log.error(`history could not be listed: ${String(err)}`);
    void window.showErrorMessage(l10n.t('Chat history could not be read: {0}', err instanceof Error ? err.message : String(err)));
    return undefined;
  }
}

/** Asks for a new name (the old one selected); resolves true when the chat was renamed. */
export async function renameAsked({ controller, log }: HistoryCommandDeps, id: string, title: string): Promise<boolean> {
  const name = await window.showInputBox({
    title: l10n.t('Rename chat'),
    value: title,
    valueSelection: [0, title.length],
    validateInput: (value) => (value.trim() ? undefined : l10n.t('The name cannot be empty.')),
  });
  if (!name?.trim()) return false;
  const renamed = await controller.rename(id, name);
  log.info(renamed ? `renamed conversation ${id}` : `could not rename conversation ${id}`);
  return renamed;
}

/** The one question before a chat is deleted, from Delete Chat and from the history picker alike. */
export async function confirmDelete(title: string): Promise<boolean> {
  const remove = l10n.t('Delete');
  const detail = l10n.t('Its questions and answers are removed from history.');
  const answer = await window.showWarningMessage(l10n.t('Delete the chat "{0}"?', title), { modal: true, detail }, remove);
  return answer === remove;
}

/** The chat shown, unless it is empty (then it is not saved, and the user is told so). */
export function savedCurrentChat(controller: ChatController): { id: string; title: string } | undefined {
  const { id, title, turns } = controller.current;
  if (turns.length > 0) return { id, title };
  void window.showInformationMessage(l10n.t('Ask a question first; an empty chat is not saved.'));
  return undefined;
}

/** A byte count as people read it: 512 B, 4.2 KB, 1.3 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return l10n.t('{0} B', bytes);
  if (bytes < 1024 * 1024) return l10n.t('{0} KB', (bytes / 1024).toFixed(1));
  return l10n.t('{0} MB', (bytes / 1024 / 1024).toFixed(1));
}
