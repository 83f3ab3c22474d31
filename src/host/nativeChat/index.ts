import { type ChatFollowupProvider, type ChatRequestHandler, commands, Disposable, l10n, window } from 'vscode';
import { nativeModelFor } from '../common/nativeChat/choices';
import type { NativeChatDeps } from './deps';
import { openInNativeChat, preferNativeChat } from './open';
import { participantFollowups, participantHandler } from './participant';
import { YouModelProvider } from './provider';
import { YouSearchTool } from './tool';
import { YouPageContentsTool, YouWebSearchTool } from './searchTools';
import { questionAsShown } from '../visibleQuestion';

export type { NativeChatDeps } from './deps';
export { nativeModelFor, openInNativeChat, preferNativeChat };

/** What the bootstrap's stand-ins for the participant, the model provider and the tool hand requests to. */
export interface NativeChatParts {
  answer: ChatRequestHandler;
  followups: ChatFollowupProvider;
  models: YouModelProvider;
  tool: YouSearchTool;
  searchTool: YouWebSearchTool;
  contentsTool: YouPageContentsTool;
}

/**
 * You.com in VS Code's own Chat view, beside the webview chat and on the same sources: the `@you`
 * participant, the agents as language models, the `#youcom` tool and "Ask in VS Code Chat". The
 * bootstrap (src/extension.ts) registers the first three, each only where this VS Code has its API
 * (older hosts and forks without chat lose nothing but these entry points), and hands their
 * requests to the parts made here on first use.
 */
export function startNativeChat(deps: NativeChatDeps): { disposable: Disposable; parts: NativeChatParts } {
  const models = new YouModelProvider(deps);
  const disposables: Disposable[] = [
    models,
    commands.registerCommand('youAgents.askInNativeChat', (question?: unknown) => askInNativeChat(deps, question)),
  ];
  for (const changed of [deps.onDidChangeAgents, deps.onDidChangeSettings]) if (changed) disposables.push(changed(() => models.refresh()));
  const parts = {
    answer: participantHandler(deps),
    followups: participantFollowups,
    models,
    tool: new YouSearchTool(deps),
    searchTool: new YouWebSearchTool(deps),
    contentsTool: new YouPageContentsTool(deps),
  };
  return { disposable: Disposable.from(...disposables), parts };
}

/** "You.com: Ask in VS Code Chat": the question (asked for when not given) goes to `@you`; without a Chat view, to the webview chat. */
async function askInNativeChat(deps: NativeChatDeps, argument: unknown): Promise<void> {
  const question =
    typeof argument === 'string' && argument.trim()
      ? argument.trim()
      : (
          await window.showInputBox({ title: l10n.t('Ask in VS Code Chat'), placeHolder: l10n.t('Your question'), ignoreFocusOut: true })
        )?.trim();
  const shown = question ? await questionAsShown(question) : undefined;
  if (!shown) return;
  // The picked agent or none: the fallback, the You.com chat, asks the picked agent too.
  const agentId = deps.pickedAgentId();
  const model = nativeModelFor(agentId, deps.sources);
  if (model && (await openInNativeChat(shown, model))) return;
  const why = model ? 'VS Code Chat is not available here' : `${agentId} is not offered in VS Code Chat now`;
  deps.log.info(`${why}; asking in the You.com chat instead`);
  await commands.executeCommand('youAgents.ask', shown);
}
