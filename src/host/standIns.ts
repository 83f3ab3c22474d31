import * as vscode from 'vscode';
import type { Started } from './main';
import { PARTICIPANT_ID, TOOL_NAME, VENDOR } from './common/nativeChat/choices';
import { chatCapabilities } from './nativeChat/open';
import { CHAT_PANEL, CHAT_VIEW } from './viewIds';

/**
 * What activation registers: stand-ins for everything VS Code shows or calls before the user has
 * used the extension (commands, the chat view and panel, `@you`, the models, `#youcom`). Each
 * loads the rest (`load`, dist/extension-main.js) on its first call and hands the call on. This
 * file and src/extension.ts import nothing else at run time, so activation stays small.
 */

/** A stand-in for every contributed command: the first call loads the rest, whose real commands replace these, and runs it again. */
export function registerCommandStandIns(context: vscode.ExtensionContext, run: (id: string, args: unknown[]) => unknown): vscode.Disposable {
  const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
  return vscode.Disposable.from(...contributed.map(({ command }) => vscode.commands.registerCommand(command, (...args: unknown[]) => run(command, args))));
}

/** The sidebar view and the editor panel (restored after a reload): shown by the real surfaces once loaded. */
export function registerViewStandIns(load: () => Started): vscode.Disposable[] {
  return [
    vscode.window.registerWebviewViewProvider(CHAT_VIEW, { resolveWebviewView: (view) => load().surfaces.resolveWebviewView(view) }),
    vscode.window.registerWebviewPanelSerializer(CHAT_PANEL, { deserializeWebviewPanel: (panel) => load().surfaces.deserializeWebviewPanel(panel) }),
  ];
}

/** `@you`, the agents as models and `#youcom`, where this VS Code has their API; returns what to dispose and a line for the log. */
export function registerChatStandIns(load: () => Started, extensionUri: vscode.Uri): { disposables: vscode.Disposable[]; report: string } {
  const capabilities = chatCapabilities();
  const disposables: vscode.Disposable[] = [];
  const chat = () => load().nativeChat;
  if (capabilities.participants) {
    const answer: vscode.ChatRequestHandler = (request, context, stream, token) => chat().answer(request, context, stream, token);
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, answer);
    participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'you.svg');
    participant.followupProvider = { provideFollowups: (result, context, token) => chat().followups.provideFollowups(result, context, token) };
    disposables.push(participant);
  }
  if (capabilities.models) {
    // The real provider's change events, passed on once it exists (it has none before).
    const changed = new vscode.EventEmitter<void>();
    let forwarding: vscode.Disposable | undefined;
    const models = () => {
      const real = chat().models;
      forwarding ??= real.onDidChangeLanguageModelChatInformation(() => changed.fire());
      return real;
    };
    const provider: vscode.LanguageModelChatProvider = {
      onDidChangeLanguageModelChatInformation: changed.event,
      provideLanguageModelChatInformation: () => models().provideLanguageModelChatInformation(),
      provideLanguageModelChatResponse: (model, messages, options, progress, token) =>
        models().provideLanguageModelChatResponse(model, messages, options, progress, token),
      provideTokenCount: (model, text) => models().provideTokenCount(model, text),
    };
    const stopForwarding = { dispose: () => forwarding?.dispose() };
    disposables.push(changed, stopForwarding, vscode.lm.registerLanguageModelChatProvider(VENDOR, provider));
  }
  if (capabilities.tools) {
    const tool: vscode.LanguageModelTool<{ query: string }> = {
      prepareInvocation: (options) => chat().tool.prepareInvocation(options),
      invoke: (options, token) => chat().tool.invoke(options, token),
    };
    disposables.push(vscode.lm.registerTool(TOOL_NAME, tool));
  }
  void vscode.commands.executeCommand('setContext', 'youAgents.nativeChat', capabilities.participants);
  const on = (available: boolean) => (available ? 'registered' : 'not available in this VS Code');
  const report = `VS Code Chat: participant ${on(capabilities.participants)}, models ${on(capabilities.models)}, tool ${on(capabilities.tools)}`;
  return { disposables, report };
}
