import * as vscode from 'vscode';
import { nativeModelFor } from '../common/nativeChat/choices';
import type { NativeChatDeps } from './deps';
import { openInNativeChat, preferNativeChat } from './open';
import { participantFollowups, participantHandler } from './participant';
import { YouModelProvider } from './provider';
import { YouSearchTool } from './tool';
import { questionAsShown } from '../visibleQuestion';

export type { NativeChatDeps } from './deps';
export { nativeModelFor, openInNativeChat, preferNativeChat };

/** What the bootstrap's stand-ins for the participant, the model provider and the tool hand requests to. */
export interface NativeChatParts {
  answer: vscode.ChatRequestHandler;
  followups: vscode.ChatFollowupProvider;
  models: YouModelProvider;
  tool: YouSearchTool;
}

/**
 * You.com in VS Code's own Chat view, beside the webview chat and on the same sources: the `@you`
 * participant, the agents as language models, the `#youcom` tool and "Ask in VS Code Chat". The
 * bootstrap (src/extension.ts) registers the first three, each only where this VS Code has its API
 * (older hosts and forks without chat lose nothing but these entry points), and hands their
 * requests to the parts made here on first use.
 */
export function startNativeChat(deps: NativeChatDeps): { disposable: vscode.Disposable; parts: NativeChatParts } {
  const models = new YouModelProvider(deps);
  const disposables: vscode.Disposable[] = [
    models,
    vscode.commands.registerCommand('youAgents.askInNativeChat', (question?: unknown) => askInNativeChat(deps, question)),
  ];
  for (const changed of [deps.onDidChangeAgents, deps.onDidChangeSettings]) if (changed) disposables.push(changed(() => models.refresh()));
  const parts = { answer: participantHandler(deps), followups: participantFollowups, models, tool: new YouSearchTool(deps) };
  return { disposable: vscode.Disposable.from(...disposables), parts };
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
