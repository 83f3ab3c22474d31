import * as vscode from 'vscode';
import { renameAsked, savedCurrentChat, type HistoryCommandDeps } from './dialogs';

/** "Rename Chat": the chat shown gets the name typed. */
export function registerRenameChat(deps: HistoryCommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('youAgents.renameChat', async () => {
    const chat = savedCurrentChat(deps.controller);
    if (chat) await renameAsked(deps, chat.id, chat.title);
  });
}
