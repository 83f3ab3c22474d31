// Named imports: this file is in the activation bundle too, where esbuild would copy the whole API for `* as vscode`.
import { chat, commands, lm } from 'vscode';
import type { Settings } from '../../core/settings';
import type { Log } from '../../core/redact';
import type { AgentSource } from '../../core/routes';
import { nativeModelFor, VENDOR } from '../common/nativeChat/choices';

/** Which parts of VS Code's chat API this host has (forks and versions before 1.104 lack some). */
export function chatCapabilities(): { participants: boolean; models: boolean; tools: boolean } {
  return {
    participants: typeof chat?.createChatParticipant === 'function',
    models: typeof lm?.registerLanguageModelChatProvider === 'function',
    tools: typeof lm?.registerTool === 'function',
  };
}

/** `youAgents.preferNativeChat` is on (validated with the other settings) and this VS Code has a Chat view with participants. */
export function preferNativeChat(settings: Pick<Settings, 'preferNativeChat'>): boolean {
  return settings.preferNativeChat && chatCapabilities().participants;
}

export interface NativeAsk {
  sources: readonly AgentSource[];
  defaultAgentId: string;
  log: Log;
}

/**
 * Opens VS Code's Chat view and asks `@you <question>` of `agentId` there, its model selected (the
 * Chat view refuses requests without a model when Copilot is absent; see nativeModelFor). false,
 * with the reason logged: there is no Chat view here, or it cannot ask that agent now; nothing was
 * sent, and the caller asks in the You.com chat.
 */
export async function askInNativeChatOf(question: string, agentId: string, ask: NativeAsk): Promise<boolean> {
  const capabilities = chatCapabilities();
  const host = { selectable: capabilities.models, defaultAgentId: ask.defaultAgentId };
  const model = capabilities.participants ? nativeModelFor(agentId, ask.sources, host) : undefined;
  if (!model) {
    ask.log.info(`${capabilities.participants ? `VS Code Chat cannot ask ${agentId} now` : 'VS Code Chat is not available here'}; not asked there`);
    return false;
  }
  const options = { query: `@you ${question}`, ...(capabilities.models ? { modelSelector: { vendor: VENDOR, id: model } } : {}) };
  await commands.executeCommand('workbench.action.chat.open', options);
  return true;
}
