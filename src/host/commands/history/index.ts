import { join } from 'node:path';
import type * as vscode from 'vscode';
import { HistorySearch } from '../../../core/historySearch';
import type { HistoryCommandDeps } from './dialogs';
import { registerDeleteChat } from './deleteChat';
import { registerRenameChat } from './renameChat';
import { registerShowHistory } from './showHistory';

export type { HistoryCommandDeps } from './dialogs';

/**
 * Show History (list newest first, full-text search, open, rename, delete), Rename Chat and
 * Delete Chat. The search's index lives beside the history (`.search`) and follows every write
 * to it, a few seconds after (HistorySearch); it is loaded on the first search, notices a
 * conversation changed in another window by its index entry, and titles come from the history.
 */
export function registerHistoryCommands(deps: HistoryCommandDeps): vscode.Disposable[] {
  const { history, log } = deps;
  const search = new HistorySearch(history, { dir: join(history.dir, '.search'), log: (line) => log.info(line) });
  const unfollow = history.onDidChange((id, entry) => search.noteChanged(id, entry));
  return [
    // Writes what is pending on the way out; what does not make it is read again at the next search.
    { dispose: () => (unfollow(), void search.flush()) },
    registerShowHistory(deps, search),
    registerRenameChat(deps),
    registerDeleteChat(deps),
  ];
}
