import { type ChatFollowupProvider, type ChatRequestHandler, commands, Disposable, l10n, window } from 'vscode';
import type { NativeChatDeps } from './deps';
import { askInNativeChatOf, preferNativeChat } from './open';
import { participantFollowups, participantHandler } from './participant';
import { YouModelProvider } from './provider';
import { YouSearchTool } from './tool';
import { YouPageContentsTool, YouWebSearchTool } from './searchTools';
import { questionAsShown } from '../visibleQuestion';

export type { NativeChatDeps } from './deps';
export { askInNativeChatOf, preferNativeChat };

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
    commands.registerCommand('youAgents.askInNativeChat', (question?: unknown, agentId?: unknown) => askInNativeChat(deps, question, agentId)),
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

/**
 * "You.com: Ask in VS Code Chat": the question (asked for when not given) goes to `@you`, for the
 * agent picked in the You.com chat, or the one named (Retry names the agent that failed). Where the
 * Chat view cannot ask that agent, the You.com chat asks the picked one; a named other agent is not
 * asked anywhere else.
 */
async function askInNativeChat(deps: NativeChatDeps, argument: unknown, agentArgument?: unknown): Promise<void> {
  const question =
    typeof argument === 'string' && argument.trim()
      ? argument.trim()
      : (
          await window.showInputBox({ title: l10n.t('Ask in VS Code Chat'), placeHolder: l10n.t('Your question'), ignoreFocusOut: true })
        )?.trim();
  const shown = question ? await questionAsShown(question) : undefined;
  if (!shown) return;
  const picked = deps.pickedAgentId();
  const agentId = typeof agentArgument === 'string' && agentArgument ? agentArgument : picked;
  if (await askInNativeChatOf(shown, agentId, { sources: deps.sources, defaultAgentId: deps.defaultAgentId(), log: deps.log })) return;
  if (agentId === picked) {
    await commands.executeCommand('youAgents.ask', shown);
    return;
  }
  const label = deps.sources.flatMap((source) => source.agents()).find((agent) => agent.id === agentId)?.label ?? agentId;
  void window.showWarningMessage(l10n.t('{0} cannot be asked now: its server is not available. Nothing was sent.', label));
}
