import { commands, type Disposable } from 'vscode';
import type { CommandDeps } from './deps';

/** The commands that only hand on to the chat views or the log: New Chat, Stop, Focus Chat, Open in Editor, Show Logs. */
export function registerChatViewCommands({ controller, surfaces, channel }: CommandDeps): Disposable[] {
  return [
    commands.registerCommand('youAgents.newChat', async () => {
      await controller.newChat();
      await surfaces.focusComposer();
    }),
    commands.registerCommand('youAgents.stop', () => controller.stop()),
    commands.registerCommand('youAgents.focusChat', () => surfaces.focusComposer()),
    commands.registerCommand('youAgents.openInEditor', () => surfaces.reveal('editor')),
    commands.registerCommand('youAgents.showLogs', () => channel.show(true)),
  ];
}
