import { isRecord } from '../errors';
import { originOf } from '../url';
import type { A2aBinding, A2aVersion } from './wire';

/** Where and how to talk to an A2A agent: one interface of its card. */
export interface A2aEndpoint {
  url: string;
  binding: A2aBinding;
  version: A2aVersion;
  /** v1.0 HTTP+JSON routes may be prefixed with a tenant; '' or absent for none. */
  tenant?: string;
}

export interface A2aSkill {
  id: string;
  name: string;
  description?: string;
}

/** What the client uses of an Agent Card, every field type-checked. */
export interface A2aAgentCard {
  name: string;
  description?: string;
  /** The agent's own version string, shown only. */
  agentVersion?: string;
  skills: A2aSkill[];
  /** `capabilities.streaming`: SendStreamingMessage when true, SendMessage otherwise. */
  streaming: boolean;
  /** The interface the client uses: the card's first one it can speak. */
  endpoint: A2aEndpoint;
  /** Set when `endpoint.url` is on another origin than the card: the origin it names. */
  foreignOrigin?: string;
}

const BINDINGS = new Set<string>(['JSONRPC', 'HTTP+JSON']);
const MAX_SKILLS = 64;

/**
 * Reads an Agent Card fetched from `cardUrl`. v1.0 when it has `supportedInterfaces` with a 1.0
 * interface (the first JSONRPC or HTTP+JSON one wins: the card lists them in preference order);
 * v0.3 when it has a top-level `url` (`preferredTransport`, then `additionalInterfaces`), or only
 * 0.3 entries in `supportedInterfaces`. Returns the problem instead when the card is unusable.
 */
export function readAgentCard(body: unknown, cardUrl: string): A2aAgentCard | 'agent-card' | 'no-interface' {
  if (!isRecord(body) || typeof body.name !== 'string' || !body.name.trim()) return 'agent-card';
  const endpoint = pickEndpoint(body);
  if (!endpoint) return isRecord(body.capabilities) || Array.isArray(body.supportedInterfaces) || typeof body.url === 'string' ? 'no-interface' : 'agent-card';
  const capabilities = isRecord(body.capabilities) ? body.capabilities : {};
  const endpointOrigin = originOf(endpoint.url);
  const cardOrigin = originOf(cardUrl);
  return {
    name: body.name.trim(),
    ...(typeof body.description === 'string' && body.description.trim() ? { description: body.description.trim() } : {}),
    ...(typeof body.version === 'string' ? { agentVersion: body.version } : {}),
    skills: readSkills(body.skills),
    streaming: capabilities.streaming === true,
    endpoint,
    ...(endpointOrigin !== cardOrigin ? { foreignOrigin: endpointOrigin } : {}),
  };
}

function pickEndpoint(card: Record<string, unknown>): A2aEndpoint | undefined {
  const interfaces = Array.isArray(card.supportedInterfaces) ? card.supportedInterfaces.filter(isRecord) : [];
  const listed = (version: A2aVersion) =>
    interfaces.find(
      (i) => i.protocolVersion === version && typeof i.url === 'string' && typeof i.protocolBinding === 'string' && BINDINGS.has(i.protocolBinding),
    );
  const v10 = listed('1.0');
  if (v10) return endpoint(v10.url, v10.protocolBinding, '1.0', v10.tenant);
  if (typeof card.url === 'string') {
    const preferred = typeof card.preferredTransport === 'string' ? card.preferredTransport : 'JSONRPC';
    if (BINDINGS.has(preferred)) return endpoint(card.url, preferred, '0.3');
    const extra = Array.isArray(card.additionalInterfaces) ? card.additionalInterfaces.filter(isRecord) : [];
    const other = extra.find((i) => typeof i.url === 'string' && typeof i.transport === 'string' && BINDINGS.has(i.transport));
    if (other) return endpoint(other.url, other.transport, '0.3');
  }
  const v03 = listed('0.3');
  return v03 ? endpoint(v03.url, v03.protocolBinding, '0.3', v03.tenant) : undefined;
}

function endpoint(url: unknown, binding: unknown, version: A2aVersion, tenant?: unknown): A2aEndpoint | undefined {
  if (typeof url !== 'string' || !originOf(url)) return undefined;
  return { url, binding: binding as A2aBinding, version, ...(typeof tenant === 'string' && tenant ? { tenant } : {}) };
}

function readSkills(value: unknown): A2aSkill[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .slice(0, MAX_SKILLS)
    .filter((s) => typeof s.id === 'string' && typeof s.name === 'string')
    .map((s) => ({
      id: s.id as string,
      name: s.name as string,
      ...(typeof s.description === 'string' && s.description ? { description: s.description } : {}),
    }));
}

/** One line for a picker: the card's description, else its skills' names. */
export function cardSummary(card: A2aAgentCard): string {
  if (card.description) return card.description;
  return card.skills.map((s) => s.name).join(', ');
}
