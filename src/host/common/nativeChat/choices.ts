/**
 * Decisions of the native chat that need no `vscode`: which agent a request goes to, which button
 * an error offers, which follow-ups a finished answer suggests, what the tool confirmation says.
 */
import type { SuggestedAction } from '../../../core/errors';
import type { AgentInfo, AgentSource } from '../../../core/routes';
import { escapeCodePoint, hiddenCodePoints, showHidden } from '../../../core/visibleText';

export const VENDOR = 'you';
export const PARTICIPANT_ID = 'youAgents.you';
export const TOOL_NAME = 'youcom';
/** The web search and page-contents tools (src/host/nativeChat/searchTools.ts). */
export const SEARCH_TOOL_NAME = 'youcom_search';
export const CONTENTS_TOOL_NAME = 'youcom_contents';
export const EXPRESS = 'you:express';
export const ADVANCED = 'you:advanced';
/** You.com Research (the Research API): `/research` goes here (README, "Research"). */
export const RESEARCH = 'you:research';

export type SlashCommand = 'express' | 'advanced' | 'research';

export interface AgentChoice {
  agentId: string;
}

/** A slash command wins; else a You.com model picked in the Chat view; else the default agent. */
export function chooseAgent(command: string | undefined, model: { vendor: string; id: string } | undefined, defaultAgentId: string): AgentChoice {
  if (command === 'express') return { agentId: EXPRESS };
  if (command === 'advanced') return { agentId: ADVANCED };
  // The Research API replaces the advanced agent's research tool here: a cited report at a price known first.
  if (command === 'research') return { agentId: RESEARCH };
  if (model?.vendor === VENDOR) return { agentId: model.id };
  return { agentId: defaultAgentId };
}

export interface ActionButton {
  command: string;
  title: string;
  arguments?: unknown[];
}

/** The button for what the user can do about an error, then Show Logs. "Retry" asks `retry.query` of `retry.agentId` again. */
export function errorButtons(action: SuggestedAction, retry: { query: string; agentId: string }, t: (text: string) => string = (s) => s): ActionButton[] {
  const buttons: ActionButton[] = [];
  switch (action.kind) {
    case 'set-key':
      buttons.push({ command: 'youAgents.setApiKey', title: t('Set API Key') });
      break;
    case 'retry':
    case 'wait':
      buttons.push({ command: 'youAgents.askInNativeChat', title: t('Retry'), arguments: [retry.query, retry.agentId] });
      break;
    case 'check-settings':
    case 'check-agent':
      buttons.push({ command: 'workbench.action.openSettings', title: t('Open Settings'), arguments: ['youAgents'] });
      break;
    case 'add-credits':
      if (action.url) buttons.push({ command: 'vscode.open', title: t('Add Credits'), arguments: [action.url] });
      break;
    case 'none':
      break;
  }
  buttons.push({ command: 'youAgents.showLogs', title: t('Show Logs') });
  return buttons;
}

/** The query that asks the same again: the slash command, if any, then the prompt. */
export function retryQuery(command: string | undefined, prompt: string): string {
  return command ? `/${command} ${prompt}` : prompt;
}

export interface AnswerMetadata {
  question: string;
  agentId: string;
  command?: string;
  ok: boolean;
}

export interface Followup {
  prompt: string;
  label: string;
  command?: SlashCommand;
}

/**
 * After a good answer from You.com: go deeper with /research (unless it was research), or ask
 * Advanced after Express. An agent server's answer gets none: one click would send its question,
 * code and all, to You.com instead of the server the user picked.
 */
export function followupsFor(meta: AnswerMetadata | undefined, t: (text: string) => string = (s) => s): Followup[] {
  if (!meta?.ok || !meta.question || !meta.agentId.startsWith('you:')) return [];
  const followups: Followup[] = [];
  if (meta.command !== 'research') followups.push({ prompt: meta.question, label: t('Research this in depth'), command: 'research' });
  if (meta.agentId === EXPRESS) followups.push({ prompt: meta.question, label: t('Ask the Advanced agent'), command: 'advanced' });
  return followups;
}

/**
 * The tool's confirmation: exactly the text that will be sent, and where. Invisible,
 * reordering and control characters are shown as `⟨U+XXXX⟩` (src/core/visibleText.ts), and
 * named above the text, so nothing is sent that the confirmation does not show.
 */
export function toolConfirmation(query: string, host: string, t: (text: string, ...args: string[]) => string = fill): { title: string; message: string } {
  const shown = showHidden(query);
  const longestTicks = Math.max(2, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestTicks + 1);
  const hidden = hiddenCodePoints(query);
  const warning = hidden.length
    ? `\n\n${t('It contains invisible or reordering characters, shown as {0}; they are sent as they are.', hidden.map(escapeCodePoint).join(' '))}`
    : '';
  return {
    title: t('Send this to You.com?'),
    message: `${t('This exact text goes to the You.com Express agent at {0}:', host)}${warning}\n\n${fence}text\n${shown}\n${fence}`,
  };
}

function fill(text: string, ...args: string[]): string {
  return text.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '');
}

/** The fields of `vscode.LanguageModelChatInformation` (1.104), kept here without `vscode`. */
export interface ModelInfo {
  id: string;
  name: string;
  family: string;
  version: string;
  tooltip?: string;
  detail?: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling: boolean; imageInput: boolean };
}

/**
 * An agent as a language model, described honestly: it takes text only, calls no tools of the
 * caller's, and its limits are what one question and one answer realistically hold.
 */
export function modelInfo(agent: { id: string; label: string; description?: string; group: string }): ModelInfo {
  const server = agent.id.startsWith('acp:') ? 'acp' : agent.id.startsWith('a2a:') ? 'a2a' : undefined;
  const family = agent.id === EXPRESS ? 'you-express' : agent.id === ADVANCED ? 'you-advanced' : (server ?? 'you-custom');
  return {
    id: agent.id,
    name: agent.id.startsWith('you:') ? `You.com ${agent.label}` : agent.label,
    family,
    version: '1',
    tooltip: agent.description ? `${agent.group}: ${agent.description}` : agent.group,
    detail: agent.group,
    maxInputTokens: 16_000,
    maxOutputTokens: agent.id === ADVANCED ? 16_000 : 4_000,
    capabilities: { toolCalling: false, imageInput: false },
  };
}

/** The agents VS Code's Chat view offers as models (vendor `you`): every listed agent that is available now. */
export function offeredAgents(sources: readonly AgentSource[]): AgentInfo[] {
  return sources.flatMap((source) => source.agents()).filter((agent) => !agent.unavailable);
}

/**
 * The model to preselect in VS Code's Chat view so that `@you` asks `agentId`: that agent's own,
 * when the Chat view offers it. Where this VS Code cannot select our models (before 1.104), `@you`
 * asks the default agent, so only the default goes there. Undefined: the Chat view cannot ask that
 * agent now. Never another agent: the agent server a user picked may be the only place their code
 * is meant to go.
 */
export function nativeModelFor(agentId: string, sources: readonly AgentSource[], host: { selectable: boolean; defaultAgentId: string }): string | undefined {
  if (!offeredAgents(sources).some((agent) => agent.id === agentId)) return undefined;
  return host.selectable || agentId === host.defaultAgentId ? agentId : undefined;
}
