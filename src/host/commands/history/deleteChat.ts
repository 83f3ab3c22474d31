import { commands, type Disposable } from 'vscode';
import { confirmDelete, savedCurrentChat, type HistoryCommandDeps } from './dialogs';

/** "Delete Chat": the chat shown is removed from history, after the user confirms. */
export function registerDeleteChat(deps: HistoryCommandDeps): Disposable {
  return commands.registerCommand('youAgents.deleteChat', async () => {
    const chat = savedCurrentChat(deps.controller);
    if (!chat || !(await confirmDelete(chat.title))) return;
    await deps.controller.deleteConversation(chat.id);
  });
}
