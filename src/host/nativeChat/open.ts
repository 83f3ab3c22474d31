// Named imports: this file is in the activation bundle too, where esbuild would copy the whole API for `* as vscode`.
import { chat, commands, lm } from 'vscode';
import type { Settings } from '../../core/settings';
import { VENDOR } from '../common/nativeChat/choices';

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

/**
 * Opens VS Code's Chat view and asks `@you <question>` there, with a You.com model selected when
 * this VS Code has our models (without one, and without Copilot, the Chat view refuses requests).
 * false: there is no Chat view here; the caller uses the webview chat.
 */
export async function openInNativeChat(question: string, modelId: string): Promise<boolean> {
  const capabilities = chatCapabilities();
  if (!capabilities.participants) return false;
  const options = { query: `@you ${question}`, ...(capabilities.models ? { modelSelector: { vendor: VENDOR, id: modelId } } : {}) };
  await commands.executeCommand('workbench.action.chat.open', options);
  return true;
}
