import * as vscode from 'vscode';
import type { CommandDeps } from './deps';

/** The commands that only hand on to the chat views or the log: New Chat, Stop, Focus Chat, Open in Editor, Show Logs. */
export function registerChatViewCommands({ controller, surfaces, channel }: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('youAgents.newChat', async () => {
      await controller.newChat();
      await surfaces.focusComposer();
    }),
    vscode.commands.registerCommand('youAgents.stop', () => controller.stop()),
    vscode.commands.registerCommand('youAgents.focusChat', () => surfaces.focusComposer()),
    vscode.commands.registerCommand('youAgents.openInEditor', () => surfaces.reveal('editor')),
    vscode.commands.registerCommand('youAgents.showLogs', () => channel.show(true)),
  ];
}
