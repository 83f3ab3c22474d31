import { AcpClient } from '../acp/client';
import type { AcpAgentManifest } from '../acp/wire';
import { AgentError, httpError, toAgentError } from '../errors';
import { parseRemoteJson } from '../json';
import { DEFAULT_NET_POLICY, openHttp, type HttpResponse, type NetDeps, type NetPolicy } from '../net/http';
import { redactingLog, silentLog, type Log } from '../redact';
import { displayUrl, endpointProblem, originOf } from '../url';
import { readAgentCard, type A2aAgentCard } from './card';
import type { A2aServer } from './client';
import type { A2aVersion } from './wire';

/** The well-known path of an Agent Card, under the server's base URL. */
export const AGENT_CARD_PATH = '/.well-known/agent-card.json';

/** A card is a small document; one larger than this is refused (a 1 MB card is not an agent's). */
export const MAX_CARD_BYTES = 256 * 1024;

export interface DiscoverOptions {
  /** The server's name in messages; defaults to the URL's host. */
  name?: string;
  /** Bearer token; goes only to the URL's own origin. */
  token?: string;
  policy?: NetPolicy;
  net?: NetDeps;
  log?: Log;
  signal?: AbortSignal;
}

/** What a server speaks, found by asking it. */
export type AgentServerDiscovery =
  /** An A2A agent. `card.foreignOrigin` set: its interface is elsewhere, and the user must agree before anything goes there. */
  | { protocol: 'a2a'; version: A2aVersion; card: A2aAgentCard }
  | { protocol: 'acp'; agents: AcpAgentManifest[] }
  /** Neither could be read: `error` says why (shown as "unavailable: …"). */
  | { protocol: 'unavailable'; error: AgentError };

/**
 * Finds out what the server at `url` speaks: its Agent Card (`{url}/.well-known/agent-card.json`,
 * or `url` itself when it ends in `/agent-card.json`; asked with `A2A-Version: 1.0`) means A2A; no card (404, 405, 410) but `GET {url}/agents` means
 * ACP. Any other failure to read the card (no connection, a redirect, too large, not JSON, not a
 * card) is the reason the server is unavailable. Never throws.
 */
export async function discoverAgentServer(url: string, options: DiscoverOptions = {}): Promise<AgentServerDiscovery> {
  const server: A2aServer = { name: options.name ?? (displayUrl(url) || url), url, ...(options.token ? { token: options.token } : {}) };
  const log = redactingLog(options.log ?? silentLog, [options.token]);
  const cardUrl = cardUrlOf(url);
  let response: HttpResponse | undefined;
  try {
    const problem = endpointProblem(url);
    if (problem) {
      const withheld = options.token ? { withheld: 'token' as const } : {};
      const reason = { code: 'bad-endpoint' as const, service: server.name, url: displayUrl(url), problem, ...withheld };
      throw new AgentError('config', reason, { action: { kind: 'check-settings' } });
    }
    response = await openHttp(
      {
        url: cardUrl,
        method: 'GET',
        service: server.name,
        ...(options.signal ? { signal: options.signal } : {}),
        headers: { Accept: 'application/json', 'A2A-Version': '1.0', ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
        ...(options.token ? { credentialOrigin: originOf(url) } : {}),
      },
      options.policy ?? DEFAULT_NET_POLICY,
      { ...options.net, log },
    );
    if (response.status === 404 || response.status === 405 || response.status === 410) {
      response.close();
      return await discoverAcp(server, options);
    }
    if (!response.ok) {
      const body = await response.text(MAX_CARD_BYTES, 'truncate');
      throw httpError(response.status, body, undefined, { service: server.name, credential: 'server-token', secrets: [options.token] });
    }
    const text = await response.text(MAX_CARD_BYTES);
    let body: unknown;
    try {
      body = parseRemoteJson(text);
    } catch {
      const reason = { code: 'protocol' as const, service: server.name, problem: 'not-json' as const };
      throw new AgentError('protocol', reason, { action: { kind: 'retry' }, detail: text.slice(0, 300) });
    }
    const card = readAgentCard(body, cardUrl);
    if (typeof card === 'string') {
      throw new AgentError('protocol', { code: 'protocol', service: server.name, problem: card }, { action: { kind: 'check-settings' } });
    }
    log.info(`${server.name}: A2A ${card.endpoint.version} agent "${card.name}" over ${card.endpoint.binding} at ${displayUrl(card.endpoint.url)}`);
    return { protocol: 'a2a', version: card.endpoint.version, card };
  } catch (err) {
    const error = toAgentError(err).redacted([options.token]);
    log.warn(`${server.name}: no agent server at ${displayUrl(url)}: ${error.message}`);
    return { protocol: 'unavailable', error };
  } finally {
    response?.close();
  }
}

async function discoverAcp(server: A2aServer, options: DiscoverOptions): Promise<AgentServerDiscovery> {
  const client = new AcpClient(server, {
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.net ? { net: options.net } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  try {
    return { protocol: 'acp', agents: await client.listAgents(options.signal) };
  } catch (err) {
    return { protocol: 'unavailable', error: toAgentError(err).redacted([options.token]) };
  }
}

/**
 * Where the card is: the URL itself when it names a card (`…/agent-card.json`), else the
 * well-known path under it (trailing slashes dropped; a query or fragment was refused before).
 */
export function cardUrlOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.pathname.endsWith('/agent-card.json')) return `${parsed.origin}${parsed.pathname}`;
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${AGENT_CARD_PATH}`;
  } catch {
    return `${url.replace(/\/+$/, '')}${AGENT_CARD_PATH}`;
  }
}

/** Whether a card asks for consent before use: its interface is on another origin than the server. */
export function needsInterfaceConsent(card: A2aAgentCard): boolean {
  return card.foreignOrigin !== undefined;
}
