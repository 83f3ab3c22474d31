import type { SettingWarning } from './settings';
import { endpointProblem } from './url';

/** How the extension talks to an agent server: found out from what it serves (`auto`), or as the user says. */
export type AgentServerProtocol = 'auto' | 'a2a' | 'acp';
export const AGENT_SERVER_PROTOCOLS: readonly AgentServerProtocol[] = ['auto', 'a2a', 'acp'];

/** One entry of `youAgents.agentServers` (or of the older `youAgents.acp.servers`, read as `acp`). */
export interface AgentServerSetting {
  name: string;
  url: string;
  /** Name of a bearer token kept in SecretStorage (never the token itself). */
  tokenSecret?: string;
  protocol: AgentServerProtocol;
}

/** The two settings that list agent servers, by their names after `youAgents.`. */
export type AgentServerListKey = 'agentServers' | 'acp.servers';

/**
 * Reads the entries of one server list into `into`. A name must be unique across both lists
 * (agent ids and tokens are keyed by it), a URL may receive a token (https, or http on loopback;
 * no user info, query or fragment). A bad entry is skipped with one warning; `shown` renders a
 * value for a warning without anything secret in it.
 */
export function readAgentServerList(
  key: AgentServerListKey,
  raw: unknown,
  into: AgentServerSetting[],
  warnings: SettingWarning[],
  shown: (value: unknown) => string,
): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) {
    warnings.push({ code: 'invalid', key, value: shown(raw), expected: { kind: 'acp-server-list' }, fallback: '[]' });
    return;
  }
  const listKey = key === 'agentServers' ? { key } : {};
  for (const item of raw as unknown[]) {
    const { name, url, tokenSecret, protocol } = (item ?? {}) as Partial<Record<keyof AgentServerSetting, unknown>>;
    if (typeof name !== 'string' || !/^[\w .-]{1,40}$/.test(name) || into.some((s) => s.name === name)) {
      warnings.push({ code: 'bad-acp-name', ...listKey, ...(typeof name === 'string' ? { name: JSON.stringify(name) } : {}) });
      continue;
    }
    const problem = typeof url === 'string' ? endpointProblem(url) : 'not-url';
    if (problem !== undefined) {
      warnings.push({ code: 'bad-acp-url', ...listKey, name: JSON.stringify(name), url: shown(url), problem });
      continue;
    }
    into.push({
      name,
      url: (url as string).replace(/\/+$/, ''),
      ...(typeof tokenSecret === 'string' && tokenSecret ? { tokenSecret } : {}),
      protocol: key === 'acp.servers' ? 'acp' : serverProtocol(protocol, warnings),
    });
  }
}

function serverProtocol(value: unknown, warnings: SettingWarning[]): AgentServerProtocol {
  if (value === undefined || value === null) return 'auto';
  if (typeof value === 'string' && (AGENT_SERVER_PROTOCOLS as readonly string[]).includes(value)) return value as AgentServerProtocol;
  const expected = { kind: 'one-of', values: AGENT_SERVER_PROTOCOLS } as const;
  warnings.push({ code: 'invalid', key: 'agentServers', value: String(JSON.stringify(value)), expected, fallback: '"auto"' });
  return 'auto';
}
