import type { Settings } from '../../core/settings';
import type { YouAgentConfig } from '../../core/you/request';
import type { AgentInfo } from '../../core/routes';

export type { AgentInfo, AgentRoute, AgentSource, RunContext } from '../../core/routes';

export const YOU_GROUP = 'You.com';

/** Turns `youAgents.defaultAgent` (express, advanced, a UUID, a custom agent's name, acp:server/agent, a2a:server) into an agent id. */
export function defaultAgentId(settings: Settings): string {
  const value = settings.defaultAgent.trim();
  if (value === 'express' || value === 'advanced') return `you:${value}`;
  if (value.startsWith('acp:') || value.startsWith('a2a:') || value.startsWith('you:')) return value;
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
