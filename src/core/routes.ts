import { AgentError } from './errors';
import type { RunEvent } from './events';
import type { ResearchEffortName } from './researchTurn';
import type { ResearchTaskRecord } from './you/researchTask';

/** An agent as pickers show it. */
export interface AgentInfo {
  id: string;
  label: string;
  description?: string;
  group: string;
  /** Set when the agent cannot be used now (an unreachable ACP server). */
  unavailable?: string;
}

/** What a run gets besides its input. */
export interface RunContext {
  signal: AbortSignal;
  /** ACP: the session to continue; A2A: the context; You.com ignores it. */
  sessionId?: string;
  /** You.com Research: the effort of this question; `background` hands the task to the follower once submitted. */
  research?: { effort: ResearchEffortName; background: boolean };
}

/** How to start a run on one agent; a chat session needs nothing else from a backend. */
export interface AgentRoute {
  info: AgentInfo;
  /** true: needs the You.com key (or a demo endpoint). */
  needsYouKey: boolean;
  /**
   * The server keeps the conversation itself (an ACP session, an A2A context): a run without a
   * session of its own gets the conversation's earlier turns as context, and an edit or a
   * regenerate starts a fresh session rather than continue one that holds replaced turns.
   */
  keepsMemory?: boolean;
  run(input: string, context: RunContext): AsyncIterable<RunEvent>;
  /** ACP: continue a run that awaits input. */
  resume?(runId: string, text: string, context: RunContext): AsyncIterable<RunEvent>;
  /** ACP: ask the server to cancel the run (Stop). */
  cancel?(runId: string): Promise<void>;
  /** Research: follow a background task (after a submit, or resumed after a reload) to its report; never submits. */
  follow?(task: ResearchTaskRecord, context: RunContext): AsyncIterable<RunEvent>;
}

/** A backend's agents (You.com, the ACP servers). */
export interface AgentSource {
  agents(): AgentInfo[];
  route(id: string): AgentRoute | undefined;
}

/** The first source that knows the agent: every entry point (webview chat, VS Code Chat, the model provider, the tool) asks here. */
export function findRoute(sources: readonly AgentSource[], agentId: string): AgentRoute | undefined {
  for (const source of sources) {
    const route = source.route(agentId);
    if (route) return route;
  }
  return undefined;
}

/**
 * Why a run cannot start now, one classification for every entry point: an unknown agent, an
 * agent whose server cannot be reached (a network problem: retrying may work), no You.com key.
 * `youReady` is true when You.com runs can go out (a key, or a demo endpoint).
 */
export function preflight(route: AgentRoute | undefined, agentId: string, youReady: boolean): AgentError | undefined {
  if (!route) return new AgentError('config', { code: 'unknown-agent', agentId }, { action: { kind: 'check-agent' } });
  if (route.info.unavailable) {
    return new AgentError('network', { code: 'agent-unavailable', detail: route.info.unavailable }, { action: { kind: 'retry' } });
  }
  if (route.needsYouKey && !youReady) return new AgentError('config', { code: 'no-key' }, { action: { kind: 'set-key' } });
  return undefined;
}
