import * as vscode from 'vscode';
import { nativeModelFor } from '../common/nativeChat/choices';
import type { NativeChatDeps } from './deps';
import { chatCapabilities, openInNativeChat, preferNativeChat } from './open';
import { registerParticipant } from './participant';
import { YouModelProvider } from './provider';
import { YouSearchTool } from './tool';
import { TOOL_NAME, VENDOR } from '../common/nativeChat/choices';
import { questionAsShown } from '../visibleQuestion';

export type { NativeChatDeps } from './deps';
export { nativeModelFor, openInNativeChat, preferNativeChat };

/**
 * You.com in VS Code's own Chat view, beside the webview chat and on the same sources: the `@you`
 * participant, the agents as language models, the `#youcom` tool and "Ask in VS Code Chat". Each
 * is registered only where this VS Code has its API, so older hosts and forks without chat lose
 * nothing but these entry points.
 */
export function registerNativeChat(deps: NativeChatDeps): vscode.Disposable {
  const capabilities = chatCapabilities();
  const disposables: vscode.Disposable[] = [
    vscode.commands.registerCommand('youAgents.askInNativeChat', (question?: unknown) => askInNativeChat(deps, question)),
  ];
  if (capabilities.participants) disposables.push(registerParticipant(deps));
  if (capabilities.models) {
    const provider = new YouModelProvider(deps);
    disposables.push(provider, vscode.lm.registerLanguageModelChatProvider(VENDOR, provider));
    disposables.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('youAgents') && provider.refresh()));
    if (deps.onDidChangeAgents) disposables.push(deps.onDidChangeAgents(() => provider.refresh()));
  }
  if (capabilities.tools) disposables.push(vscode.lm.registerTool(TOOL_NAME, new YouSearchTool(deps)));
  void vscode.commands.executeCommand('setContext', 'youAgents.nativeChat', capabilities.participants);
  deps.log.info(`VS Code Chat: participant ${on(capabilities.participants)}, models ${on(capabilities.models)}, tool ${on(capabilities.tools)}`);
  return vscode.Disposable.from(...disposables);
}

/** "You.com: Ask in VS Code Chat": the question (asked for when not given) goes to `@you`; without a Chat view, to the webview chat. */
async function askInNativeChat(deps: NativeChatDeps, argument: unknown): Promise<void> {
  const question =
    typeof argument === 'string' && argument.trim()
      ? argument.trim()
      : (
          await vscode.window.showInputBox({ title: vscode.l10n.t('Ask in VS Code Chat'), placeHolder: vscode.l10n.t('Your question'), ignoreFocusOut: true })
        )?.trim();
  const shown = question ? await questionAsShown(question) : undefined;
  if (!shown) return;
  if (await openInNativeChat(shown, nativeModelFor(deps.defaultAgentId()))) return;
  deps.log.info('VS Code Chat is not available here; asking in the You.com chat instead');
  await vscode.commands.executeCommand('youAgents.ask', shown);
}

function on(available: boolean): string {
  return available ? 'registered' : 'not available in this VS Code';
}
