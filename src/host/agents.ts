import type { RunEvent } from '../core/events';
import type { Settings } from '../core/settings';
import type { YouAgentConfig } from '../core/you/request';
import type { AgentInfo } from '../shared/messages';

/** How to start a run on one agent; the controller needs nothing else from a backend. */
export interface RunContext {
  signal: AbortSignal;
  /** ACP: the session to continue; You.com ignores it. */
  sessionId?: string;
}

export interface AgentRoute {
  info: AgentInfo;
  /** true: needs the You.com key (or a demo endpoint). */
  needsYouKey: boolean;
  run(input: string, context: RunContext): AsyncIterable<RunEvent>;
  /** ACP: continue a run that awaits input. */
  resume?(runId: string, text: string, context: RunContext): AsyncIterable<RunEvent>;
  /** ACP: ask the server to cancel the run (Stop). */
  cancel?(runId: string): Promise<void>;
}

export interface AgentSource {
  agents(): AgentInfo[];
  route(id: string): AgentRoute | undefined;
}

export const YOU_GROUP = 'You.com';

/** Turns `youAgents.defaultAgent` (express, advanced, a UUID, a custom agent's name, acp:server/agent) into an agent id. */
export function defaultAgentId(settings: Settings): string {
  const value = settings.defaultAgent.trim();
  if (value === 'express' || value === 'advanced') return `you:${value}`;
  if (value.startsWith('acp:') || value.startsWith('you:')) return value;
  const custom = settings.customAgents.find((a) => a.id === value || a.name === value);
  return custom ? `you:${custom.id}` : `you:express`;
}

/** The You.com agent config for an id, with the advanced settings applied. */
export function youAgentConfig(id: string, settings: Settings): YouAgentConfig | undefined {
  if (!id.startsWith('you:')) return undefined;
  const agent = id.slice(4);
  if (agent === 'express') return { agent };
  if (agent === 'advanced') {
    return {
      agent,
      ...(settings.research.enabled ? { research: { searchEffort: settings.research.searchEffort, reportVerbosity: settings.research.reportVerbosity } } : {}),
      compute: settings.compute,
      verbosity: settings.verbosity,
      maxWorkflowSteps: settings.maxWorkflowSteps,
    };
  }
  return settings.customAgents.some((a) => a.id === agent) ? { agent } : undefined;
}

export function youAgentInfos(settings: Settings, label: (key: 'express' | 'advanced') => { label: string; description: string }): AgentInfo[] {
  return [
    { id: 'you:express', group: YOU_GROUP, ...label('express') },
    { id: 'you:advanced', group: YOU_GROUP, ...label('advanced') },
    ...settings.customAgents.map((a) => ({ id: `you:${a.id}`, label: a.name, description: a.id, group: YOU_GROUP })),
  ];
}
