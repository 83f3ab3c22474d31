import { commands, type Disposable } from 'vscode';
import { renameAsked, savedCurrentChat, type HistoryCommandDeps } from './dialogs';

/** "Rename Chat": the chat shown gets the name typed. */
export function registerRenameChat(deps: HistoryCommandDeps): Disposable {
  return commands.registerCommand('youAgents.renameChat', async () => {
    const chat = savedCurrentChat(deps.controller);
    if (chat) await renameAsked(deps, chat.id, chat.title);
  });
}
