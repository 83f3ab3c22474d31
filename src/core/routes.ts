import type { RunEvent } from './events';

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
  /** ACP: the session to continue; You.com ignores it. */
  sessionId?: string;
}

/** How to start a run on one agent; a chat session needs nothing else from a backend. */
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

/** A backend's agents (You.com, the ACP servers). */
export interface AgentSource {
  agents(): AgentInfo[];
  route(id: string): AgentRoute | undefined;
}
