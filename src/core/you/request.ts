import type { CheckedSetting } from '../errorReason';
import { AgentError, type ErrorReason } from '../errors';

export type SearchEffort = 'auto' | 'low' | 'medium' | 'high';
export type ReportVerbosity = 'medium' | 'high';
export type Verbosity = 'medium' | 'high';

/** How to run one You.com agent; camelCase here, snake_case only on the wire. */
export interface YouAgentConfig {
  /** `express`, `advanced`, or a custom agent's UUID. */
  agent: string;
  /** express only: ask for its (single) web search explicitly. */
  webSearch?: boolean;
  /** advanced only */
  research?: { searchEffort: SearchEffort; reportVerbosity: ReportVerbosity };
  /** advanced only */
  compute?: boolean;
  /** advanced only */
  verbosity?: Verbosity;
  /** advanced only: 1..20 */
  maxWorkflowSteps?: number;
}

export type WireTool =
  | { type: 'web_search' }
  | { type: 'compute' }
  | { type: 'research'; search_effort: SearchEffort; report_verbosity: ReportVerbosity };

export interface WireRunRequest {
  agent: string;
  input: string;
  stream: boolean;
  tools?: WireTool[];
  verbosity?: Verbosity;
  workflow_config?: { max_workflow_steps: number };
}

const SEARCH_EFFORTS: readonly SearchEffort[] = ['auto', 'low', 'medium', 'high'];
const VERBOSITIES: readonly Verbosity[] = ['medium', 'high'];
const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Builds the `POST /v1/agents/runs` body; throws a config AgentError for values the API would reject. */
export function buildRunRequest(config: YouAgentConfig, input: string, stream: boolean): WireRunRequest {
  const agent = config.agent.trim();
  if (!AGENT_ID.test(agent)) {
    throw configError({ code: 'bad-agent-id', agent }, 'check-agent');
  }
  if (!input.trim()) throw configError({ code: 'empty-question' }, 'none');
  const body: WireRunRequest = { agent, input, stream };

  if (agent === 'express') {
    if (config.webSearch) body.tools = [{ type: 'web_search' }];
    return body;
  }
  if (agent !== 'advanced') return body; // custom agents take no tools

  const tools: WireTool[] = [];
  if (config.research) {
    const { searchEffort, reportVerbosity } = config.research;
    if (!SEARCH_EFFORTS.includes(searchEffort)) throw invalidSetting('searchEffort', searchEffort, SEARCH_EFFORTS.join(', '));
    if (!VERBOSITIES.includes(reportVerbosity)) throw invalidSetting('reportVerbosity', reportVerbosity, VERBOSITIES.join(', '));
    tools.push({ type: 'research', search_effort: searchEffort, report_verbosity: reportVerbosity });
  }
  if (config.compute) tools.push({ type: 'compute' });
  if (tools.length > 0) body.tools = tools;
  if (config.verbosity !== undefined) {
    if (!VERBOSITIES.includes(config.verbosity)) throw invalidSetting('verbosity', config.verbosity, VERBOSITIES.join(', '));
    body.verbosity = config.verbosity;
  }
  if (config.maxWorkflowSteps !== undefined) {
    const steps = config.maxWorkflowSteps;
    if (!Number.isInteger(steps) || steps < 1 || steps > 20) throw invalidSetting('maxWorkflowSteps', steps, '1-20');
    body.workflow_config = { max_workflow_steps: steps };
  }
  return body;
}

function configError(reason: ErrorReason, action: 'check-agent' | 'check-settings' | 'none' = 'check-settings'): AgentError {
  return new AgentError('config', reason, { action: { kind: action } });
}

function invalidSetting(setting: CheckedSetting, value: unknown, allowed: string): AgentError {
  return configError({ code: 'invalid-setting', setting, value: String(value), allowed });
}
