import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HistoryEntry, HistoryStore } from '../core/history';
import { HistorySearch, type SearchHit } from '../core/historySearch';
import type { Log } from '../core/redact';
import type { ChatController } from './chatController';

export interface HistoryCommandDeps {
  controller: ChatController;
  history: HistoryStore;
  log: Log;
  /** Shows the chat where the user wants it (after a conversation was opened). */
  reveal(): Promise<void>;
}

/** Typing pauses this long before a full-text search starts (each key press would be wasted work). */
const SEARCH_DELAY_MS = 150;

type Item = vscode.QuickPickItem & { id: string };

/**
 * Show History (list newest first, full-text search, open, rename, delete), Rename Chat and
 * Delete Chat. The search's index lives beside the history (`.search`) and follows every write
 * to it, a few seconds after (HistorySearch); it is loaded on the first search, notices a
 * conversation changed in another window by its index entry, and titles come from the history.
 */
export function registerHistoryCommands(deps: HistoryCommandDeps): vscode.Disposable[] {
  const { controller, history, log } = deps;
  const search = new HistorySearch(history, { dir: join(history.dir, '.search'), log: (line) => log.info(line) });
  const unfollow = history.onDidChange((id, entry) => search.noteChanged(id, entry));
  const t = vscode.l10n.t;

  const listOrWarn = async (): Promise<HistoryEntry[] | undefined> => {
    try {
      const { conversations, setAside } = await history.list();
      if (setAside.length > 0) void vscode.window.showWarningMessage(t('{0} damaged conversation file(s) were set aside.', setAside.length));
      return conversations;
    } catch (err) {
      log.error(`history could not be listed: ${String(err)}`);
      void vscode.window.showErrorMessage(t('Chat history could not be read: {0}', err instanceof Error ? err.message : String(err)));
      return undefined;
    }
  };

  const rename = async (id: string, title: string): Promise<boolean> => {
    const name = await vscode.window.showInputBox({
      title: t('Rename chat'),
      value: title,
      valueSelection: [0, title.length],
      validateInput: (value) => (value.trim() ? undefined : t('The name cannot be empty.')),
    });
    if (!name?.trim()) return false;
    const renamed = await controller.rename(id, name);
    log.info(renamed ? `renamed conversation ${id}` : `could not rename conversation ${id}`);
    return renamed;
  };

  const confirmDelete = async (title: string): Promise<boolean> => {
    const remove = t('Delete');
    const detail = t('Its questions and answers are removed from history.');
    const answer = await vscode.window.showWarningMessage(t('Delete the chat "{0}"?', title), { modal: true, detail }, remove);
    return answer === remove;
  };

  const showHistory = async () => {
    const conversations = await listOrWarn();
    if (!conversations) return;
    const renameButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: t('Rename') };
    const deleteButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: t('Delete') };
    const describe = (c: HistoryEntry) => [t('{0} question(s)', c.turns), c.agentLabel, formatSize(c.bytes)].filter(Boolean).join(' · ');
    const entryItem = (c: HistoryEntry): Item => ({
      id: c.id,
      label: c.title,
      description: new Date(c.updatedAt).toLocaleString(),
      detail: describe(c),
      buttons: [renameButton, deleteButton],
    });
    // A search hit shows where the words were found; the picker must not filter it out again by label.
    const hitItem = (hit: SearchHit): Item => ({
      ...entryItem(hit.entry),
      detail: `${hit.field === 'title' ? '' : '$(search) '}${hit.snippet}`,
      alwaysShow: true,
    });
    let entries = conversations;
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = t('Chat history');
    pick.placeholder = entries.length ? t('Search all conversations, or pick one to open') : t('No saved conversations yet');
    pick.matchOnDescription = true;
    pick.items = entries.map(entryItem);

    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: AbortController | undefined;
    const runSearch = async (query: string) => {
      running?.abort();
      if (!query.trim()) {
        pick.busy = false;
        pick.items = entries.map(entryItem);
        return;
      }
      const controllerForThis = new AbortController();
      running = controllerForThis;
      pick.busy = true;
      try {
        const hits = await search.search(query, { signal: controllerForThis.signal });
        if (running !== controllerForThis) return;
        pick.items = hits.map(hitItem);
      } catch (err) {
        if (!controllerForThis.signal.aborted) log.warn(`history search failed: ${String(err)}`);
      } finally {
        if (running === controllerForThis) pick.busy = false;
      }
    };
    pick.onDidChangeValue((value) => {
      clearTimeout(timer);
      timer = setTimeout(() => void runSearch(value), SEARCH_DELAY_MS);
    });
    pick.onDidTriggerItemButton(async ({ item, button }) => {
      const entry = entries.find((c) => c.id === item.id);
      if (!entry) return;
      if (button === deleteButton) {
        // Asks first, as Delete Chat does; the picker stays open behind the modal dialog.
        pick.ignoreFocusOut = true;
        const confirmed = await confirmDelete(entry.title);
        pick.ignoreFocusOut = false;
        if (!confirmed) return;
        await controller.deleteConversation(item.id);
        entries = entries.filter((c) => c.id !== item.id);
      } else {
        pick.hide();
        await rename(entry.id, entry.title);
        return;
      }
      await runSearch(pick.value);
    });
    pick.onDidAccept(async () => {
      const item = pick.selectedItems[0];
      pick.hide();
      if (item && (await controller.open(item.id))) await deps.reveal();
    });
    pick.onDidHide(() => {
      clearTimeout(timer);
      running?.abort();
      pick.dispose();
    });
    pick.show();
    // Read the conversations while the user types, so the first search is quick.
    void search.warm().catch((err: unknown) => log.warn(`history search could not read history: ${String(err)}`));
  };

  const renameChat = async () => {
    const { id, title, turns } = controller.current;
    if (turns.length === 0) {
      void vscode.window.showInformationMessage(t('Ask a question first; an empty chat is not saved.'));
      return;
    }
    await rename(id, title);
  };

  const deleteChat = async () => {
    const { id, title, turns } = controller.current;
    if (turns.length === 0) {
      void vscode.window.showInformationMessage(t('Ask a question first; an empty chat is not saved.'));
      return;
    }
    if (!(await confirmDelete(title))) return;
    await controller.deleteConversation(id);
  };

  return [
    // Writes what is pending on the way out; what does not make it is read again at the next search.
    { dispose: () => (unfollow(), void search.flush()) },
    vscode.commands.registerCommand('youAgents.showHistory', showHistory),
    vscode.commands.registerCommand('youAgents.renameChat', renameChat),
    vscode.commands.registerCommand('youAgents.deleteChat', deleteChat),
  ];
}

/** A byte count as people read it: 512 B, 4.2 KB, 1.3 MB. */
function formatSize(bytes: number): string {
  if (bytes < 1024) return vscode.l10n.t('{0} B', bytes);
  if (bytes < 1024 * 1024) return vscode.l10n.t('{0} KB', (bytes / 1024).toFixed(1));
  return vscode.l10n.t('{0} MB', (bytes / 1024 / 1024).toFixed(1));
}
