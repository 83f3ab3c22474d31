/** The A2A client's public surface: discovery, the client, its route for ChatSession. */
export {
  discoverAgentServer,
  cardUrlOf,
  AGENT_CARD_PATH,
  MAX_CARD_BYTES,
  needsInterfaceConsent,
  type AgentServerDiscovery,
  type DiscoverOptions,
} from './discover';
export { A2aClient, type A2aClientOptions, type A2aRunOptions, type A2aServer } from './client';
export { cardSummary, readAgentCard, type A2aAgentCard, type A2aEndpoint, type A2aSkill } from './card';
export { a2aRoute, CANCEL_TIMEOUT_MS } from './route';
export type { A2aBinding, A2aVersion } from './wire';
