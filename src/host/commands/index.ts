import type * as vscode from 'vscode';
import { registerAsk } from './ask';
import { registerAskAboutSelection } from './askAboutSelection';
import { registerChatViewCommands } from './chatView';
import { registerClearApiKey } from './clearApiKey';
import { revealChat, type CommandDeps, type CommandFlow } from './deps';
import { registerExportChat } from './exportChat';
import { registerHistoryCommands } from './history';
import { registerSelectAgent } from './selectAgent';
import { registerSetAcpToken } from './setAcpToken';
import { registerSetApiKey } from './setApiKey';
import { registerTryDemo } from './tryDemo';

export type { CommandDeps } from './deps';

// One file per command flow, each exporting register<Flow>(deps: CommandDeps): a new flow is a new file here, listed below.
const FLOWS: readonly CommandFlow[] = [
  (deps) => registerHistoryCommands({ controller: deps.controller, history: deps.history, log: deps.log, reveal: () => revealChat(deps) }),
  registerSetApiKey,
  registerClearApiKey,
  registerAsk,
  registerAskAboutSelection,
  registerChatViewCommands,
  registerSelectAgent,
  registerExportChat,
  registerTryDemo,
  registerSetAcpToken,
];

/** Registers every command of the chat (the code features and VS Code Chat register their own). */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return FLOWS.flatMap((register) => register(deps));
}
