import { type Disposable, EventEmitter, l10n } from 'vscode';
import { A2aClient, a2aRoute, cardSummary, discoverAgentServer, type A2aAgentCard } from '../core/a2a';
import { AcpClient } from '../core/acp/client';
import type { AcpAgentManifest } from '../core/acp/wire';
import type { AgentServerSetting } from '../core/agentServerSettings';
import { AgentError, toAgentError } from '../core/errors';
import { errorText } from '../core/errorText';
import type { RunEvent } from '../core/events';
import type { Log } from '../core/redact';
import { withProxy } from './proxySettings';
import type { Settings } from '../core/settings';
import type { AgentInfo } from '../core/routes';
import { runPolicy } from '../core/runPolicy';
import { displayUrl } from '../core/url';
import type { AgentRoute, AgentSource, RunContext } from './common/agents';
import type { KeyStore } from './keys';
import { wordedRun } from './common/runText';
import type { InterfaceConsent } from './interfaceConsent';

const DISCOVERY_TIMEOUT_MS = 5_000;

/** What one configured server turned out to be at the last discovery. */
type Discovered =
  | { protocol: 'acp'; agents: AgentInfo[] }
  | { protocol: 'a2a'; agent: AgentInfo; card: A2aAgentCard }
  | { protocol: 'unavailable'; agent: AgentInfo };

/**
 * The agents of the servers in `youAgents.agentServers` (and the older `youAgents.acp.servers`):
 * each server is asked what it speaks (an A2A Agent Card, or ACP's GET /agents; a protocol the
 * user set is asked for alone) and its agents become routes of the same chat. A server that cannot
 * be read stays in the list as one unavailable entry, with the reason.
 */
export class AgentServerSource implements AgentSource, Disposable {
  private discovered = new Map<string, Discovered>();
  private readonly changed = new EventEmitter<void>();
  /** Fires after each discovery: the agent list may have changed. */
  readonly onDidChangeAgents = this.changed.event;

  constructor(
    private readonly settings: () => Settings,
    private readonly keys: KeyStore,
    private readonly log: Log,
    private readonly consent: InterfaceConsent,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Asks every configured server what it serves, in parallel, each bounded by a timeout. */
  async refresh(): Promise<void> {
    const servers = this.settings().agentServers;
    const results = await Promise.all(servers.map(async (server): Promise<[string, Discovered]> => [server.name, await this.discover(server)]));
    this.discovered = new Map(results);
    this.changed.fire();
  }

  agents(): AgentInfo[] {
    return this.settings().agentServers.flatMap((server) => {
      const found = this.discovered.get(server.name);
      if (!found) return [];
      return found.protocol === 'acp' ? found.agents : [found.agent];
    });
  }

  route(id: string): AgentRoute | undefined {
    const parsed = parseAgentId(id);
    const server = parsed && this.settings().agentServers.find((s) => s.name === parsed.server);
    const found = server && this.discovered.get(server.name);
    if (!parsed || !server || !found) return undefined;
    if (found.protocol === 'unavailable') return found.agent.id === id ? unavailableRoute(found.agent) : undefined;
    if (found.protocol === 'a2a') return parsed.protocol === 'a2a' ? this.a2aRoute(server, found.agent, found.card) : undefined;
    const info = found.agents.find((a) => a.id === id);
    return info && parsed.protocol === 'acp' ? this.acpRoute(server, info, parsed.agent) : undefined;
  }

  private async discover(server: AgentServerSetting): Promise<Discovered> {
    const signal = AbortSignal.timeout(DISCOVERY_TIMEOUT_MS);
    try {
      if (server.protocol === 'acp') return acpAgents(server, await (await this.acpClient(server, 0)).listAgents(signal));
      const token = await this.token(server);
      const found = await discoverAgentServer(server.url, {
        name: server.name,
        ...(token ? { token } : {}),
        policy: withProxy(runPolicy(this.settings(), 0).net),
        log: this.log,
        signal,
      });
      if (found.protocol === 'unavailable') throw found.error;
      if (found.protocol === 'acp') {
        // The user said A2A, and the server has no Agent Card: that is what is wrong.
        const reason = { code: 'protocol' as const, service: server.name, problem: 'agent-card' as const };
        if (server.protocol === 'a2a') throw new AgentError('config', reason, { action: { kind: 'check-settings' } });
        return acpAgents(server, found.agents);
      }
      const { card } = found;
      const summary = cardSummary(card);
      const agent: AgentInfo = { id: agentId('a2a', server.name), label: server.name, group: 'A2A', ...(summary ? { description: summary } : {}) };
      const elsewhere = card.foreignOrigin ? `, interface on ${card.foreignOrigin}` : '';
      this.log.info(`A2A server ${server.name}: "${card.name}" (${card.endpoint.version}, ${card.endpoint.binding}${elsewhere})`);
      return { protocol: 'a2a', agent, card };
    } catch (err) {
      const error = toAgentError(err);
      const reason = signal.aborted ? l10n.t('no answer within {0} s', DISCOVERY_TIMEOUT_MS / 1000) : errorText(error.reason, l10n.t);
      this.log.warn(`agent server ${server.name} (${displayUrl(server.url)}) is unavailable: ${reason}`);
      // "Cannot reach" only when nothing answered; a server that answered with something unusable is named as such.
      const unreached = signal.aborted || error.kind === 'network' || error.kind === 'connect-timeout';
      const unavailable = unreached
        ? l10n.t('Cannot reach {0}: {1}', displayUrl(server.url), reason)
        : l10n.t('{0} answered but cannot be used: {1}', displayUrl(server.url), reason);
      const protocol = server.protocol === 'auto' ? 'a2a' : server.protocol;
      const id = protocol === 'acp' ? agentId('acp', server.name, '') : agentId('a2a', server.name);
      return { protocol: 'unavailable', agent: { id, label: server.name, group: groupOf(server), unavailable } };
    }
  }

  private acpRoute(server: AgentServerSetting, info: AgentInfo, agent: string): AgentRoute {
    return {
      info,
      needsYouKey: false,
      keepsMemory: true,
      run: (input, context) =>
        this.worded(async () =>
          (await this.acpClient(server)).run(agent, input, { signal: context.signal, ...(context.sessionId ? { sessionId: context.sessionId } : {}) }),
        ),
      resume: (runId, text, context: RunContext) => this.worded(async () => (await this.acpClient(server)).resume(runId, text, { signal: context.signal })),
      cancel: async (runId) => {
        const client = await this.acpClient(server, 0);
        await client.cancel(runId, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS));
        this.log.info(`asked ${server.name} to cancel run ${runId}`);
      },
    };
  }

  /**
   * An A2A agent: the core's route (context id as the session, task id as the run), on a client
   * made per run with the current token and policy. A card whose interface is on another origin
   * asks the user first (once per origin); without a yes nothing is sent there.
   */
  private a2aRoute(server: AgentServerSetting, info: AgentInfo, card: A2aAgentCard): AgentRoute {
    const routeOf = async (ask: boolean): Promise<AgentRoute> => a2aRoute(info, await this.a2aClient(server, card, ask));
    return {
      info,
      needsYouKey: false,
      keepsMemory: true,
      run: (input, context) => this.worded(async () => (await routeOf(true)).run(input, context)),
      resume: (taskId, text, context) => this.worded(async () => (await routeOf(true)).resume!(taskId, text, context)),
      cancel: async (taskId) => {
        await (await routeOf(false)).cancel!(taskId);
        this.log.info(`asked ${server.name} to cancel task ${taskId}`);
      },
    };
  }

  /** The run's events, with the statuses and a question-less pause worded for the user. */
  private async *worded(start: () => Promise<AsyncIterable<RunEvent>>): AsyncGenerator<RunEvent> {
    yield* wordedRun(await start(), l10n.t);
  }

  private async a2aClient(server: AgentServerSetting, card: A2aAgentCard, ask: boolean): Promise<A2aClient> {
    const token = await this.token(server);
    const consent = card.foreignOrigin ? await this.consent.forInterface(server, card.foreignOrigin, Boolean(token), ask) : undefined;
    return new A2aClient({ name: server.name, url: server.url, ...(token ? { token } : {}) }, card, {
      policy: withProxy(runPolicy(this.settings()).net),
      log: this.log,
      ...(consent ? { interfaceConsent: consent } : {}),
    });
  }

  private async acpClient(server: AgentServerSetting, retries?: number): Promise<AcpClient> {
    const token = await this.token(server);
    const policy = withProxy(runPolicy(this.settings(), retries).net);
    return new AcpClient({ name: server.name, url: server.url, ...(token ? { token } : {}) }, { policy, log: this.log });
  }

  private token(server: AgentServerSetting): Promise<string | undefined> {
    return server.tokenSecret ? this.keys.acpToken(server.tokenSecret) : Promise.resolve(undefined);
  }
}

function acpAgents(server: AgentServerSetting, manifests: readonly AcpAgentManifest[]): Discovered {
  const group = `ACP · ${server.name}`;
  return {
    protocol: 'acp',
    agents: manifests.map((m) => ({ id: agentId('acp', server.name, m.name), label: m.name, group, ...(m.description ? { description: m.description } : {}) })),
  };
}

/** ACP servers keep their own group (several agents each); A2A agents, one per card, share one (also a server not read yet). */
function groupOf(server: AgentServerSetting): string {
  return server.protocol === 'acp' ? `ACP · ${server.name}` : 'A2A';
}

/** A listed agent that cannot run: preflight turns `info.unavailable` into the error the turn shows. */
function unavailableRoute(info: AgentInfo): AgentRoute {
  return {
    info,
    needsYouKey: false,
    run: async function* () {
      const error = new AgentError('network', { code: 'agent-unavailable', detail: info.unavailable ?? '' }, { action: { kind: 'retry' } });
      yield { type: 'error', error, partialText: '' };
    },
  };
}

/** `acp:SERVER/AGENT` for an ACP agent, `a2a:SERVER` for an A2A agent (one per card). */
export function agentId(protocol: 'acp' | 'a2a', server: string, agent = ''): string {
  return protocol === 'acp' ? `acp:${server}/${agent}` : `a2a:${server}`;
}

function parseAgentId(id: string): { protocol: 'acp' | 'a2a'; server: string; agent: string } | undefined {
  const acp = /^acp:([^/]+)\/(.*)$/.exec(id);
  if (acp) return { protocol: 'acp', server: acp[1]!, agent: acp[2]! };
  const a2a = /^a2a:(.+)$/.exec(id);
  return a2a ? { protocol: 'a2a', server: a2a[1]!, agent: '' } : undefined;
}
