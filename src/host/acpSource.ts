import * as vscode from 'vscode';
import { AcpClient } from '../core/acp/client';
import { toAgentError } from '../core/errors';
import { errorText } from '../core/errorText';
import type { RunEvent } from '../core/events';
import type { Log } from '../core/redact';
import { withProxy } from './proxySettings';
import type { AcpServerSetting, Settings } from '../core/settings';
import type { AgentInfo } from '../core/routes';
import { runPolicy } from '../core/runPolicy';
import { displayUrl } from '../core/url';
import type { AgentRoute, AgentSource, RunContext } from './common/agents';
import type { KeyStore } from './keys';
import { wordedRun } from './common/runText';

const DISCOVERY_TIMEOUT_MS = 5_000;

/**
 * Agents of the ACP servers in `youAgents.acp.servers`, discovered with GET /agents. A server
 * that cannot be reached stays in the list as one unavailable entry, with the reason.
 */
export class AcpSource implements AgentSource, vscode.Disposable {
  private discovered = new Map<string, AgentInfo[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after each discovery: the agent list may have changed. */
  readonly onDidChangeAgents = this.changed.event;

  constructor(
    private readonly settings: () => Settings,
    private readonly keys: KeyStore,
    private readonly log: Log,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** Asks every configured server for its agents, in parallel, each bounded by a timeout. */
  async refresh(): Promise<void> {
    const servers = this.settings().acpServers;
    const results = await Promise.all(
      servers.map(async (server): Promise<[string, AgentInfo[]]> => {
        const group = `ACP · ${server.name}`;
        try {
          const client = await this.client(server, 0);
          const manifests = await client.listAgents(AbortSignal.timeout(DISCOVERY_TIMEOUT_MS));
          const agents = manifests.map((m) => ({
            id: agentId(server.name, m.name),
            label: m.name,
            group,
            ...(m.description ? { description: m.description } : {}),
          }));
          return [server.name, agents];
        } catch (err) {
          const error = toAgentError(err);
          const reason =
            error.kind === 'aborted' ? vscode.l10n.t('no answer within {0} s', DISCOVERY_TIMEOUT_MS / 1000) : errorText(error.reason, vscode.l10n.t);
          this.log.warn(`ACP server ${server.name} (${displayUrl(server.url)}) is unavailable: ${reason}`);
          const unavailable = vscode.l10n.t('Cannot reach {0}: {1}', displayUrl(server.url), reason);
          return [server.name, [{ id: agentId(server.name, ''), label: server.name, group, unavailable }]];
        }
      }),
    );
    this.discovered = new Map(results);
    this.changed.fire();
  }

  agents(): AgentInfo[] {
    return this.settings().acpServers.flatMap((server) => this.discovered.get(server.name) ?? []);
  }

  route(id: string): AgentRoute | undefined {
    const info = this.agents().find((a) => a.id === id);
    const parsed = parseAgentId(id);
    const server = parsed && this.settings().acpServers.find((s) => s.name === parsed.server);
    if (!info || !parsed || !server) return undefined;
    return {
      info,
      needsYouKey: false,
      keepsMemory: true,
      run: (input, context) =>
        this.stream(server, (client) =>
          client.run(parsed.agent, input, { signal: context.signal, ...(context.sessionId ? { sessionId: context.sessionId } : {}) }),
        ),
      resume: (runId, text, context: RunContext) => this.stream(server, (client) => client.resume(runId, text, { signal: context.signal })),
      cancel: async (runId) => {
        const client = await this.client(server, 0);
        await client.cancel(runId, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS));
        this.log.info(`asked ${server.name} to cancel run ${runId}`);
      },
    };
  }

  /** The run's events, with the statuses and a question-less pause worded for the user. */
  private async *stream(server: AcpServerSetting, start: (client: AcpClient) => AsyncIterable<RunEvent>): AsyncGenerator<RunEvent> {
    yield* wordedRun(start(await this.client(server)), vscode.l10n.t);
  }

  private async client(server: AcpServerSetting, retries?: number): Promise<AcpClient> {
    const settings = this.settings();
    const token = server.tokenSecret ? await this.keys.acpToken(server.tokenSecret) : undefined;
    const policy = withProxy(runPolicy(settings, retries).net);
    return new AcpClient({ name: server.name, url: server.url, ...(token ? { token } : {}) }, { policy, log: this.log });
  }
}

export function agentId(server: string, agent: string): string {
  return `acp:${server}/${agent}`;
}

function parseAgentId(id: string): { server: string; agent: string } | undefined {
  const match = /^acp:([^/]+)\/(.+)$/.exec(id);
  return match ? { server: match[1]!, agent: match[2]! } : undefined;
}
