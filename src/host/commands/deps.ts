import type * as vscode from 'vscode';
import type { HistoryStore } from '../../core/history';
import type { Log } from '../../core/redact';
import type { Settings } from '../../core/settings';
import type { LibraryVersionShown } from '../../core/context/versionsLine';
import type { ChatController } from '../chatController';
import type { ChatSurfaces } from '../chatSurfaces';
import type { KeyStore } from '../keys';
import type { YouSource } from '../youSource';
import type { AgentServerSource } from '../agentServerSource';

/** What the command flows use; each flow takes what it needs from it. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  controller: ChatController;
  surfaces: ChatSurfaces;
  keys: KeyStore;
  you: YouSource;
  agentServers: AgentServerSource;
  history: HistoryStore;
  settings: () => Settings;
  log: Log;
  channel: vscode.LogOutputChannel;
  /** Remembers the selection a question is about, so a block of its answer can replace it (src/host/code). */
  code?: {
    rememberSelection(question: string, document: vscode.TextDocument, selection: vscode.Range): void;
    /** The versions of the libraries `code` uses, from the project's lockfile (src/host/code/libraryVersions.ts). */
    versionsFor(document: vscode.TextDocument, code: string): Promise<LibraryVersionShown[]>;
  };
}

/** A command flow: registers its command(s) and whatever they own. */
export type CommandFlow = (deps: CommandDeps) => vscode.Disposable | vscode.Disposable[];

/** Shows the chat where the user wants it (`youAgents.openIn`). */
export function revealChat(deps: Pick<CommandDeps, 'surfaces' | 'settings'>): Promise<void> {
  return deps.surfaces.reveal(deps.settings().openIn);
}
