import { l10n } from 'vscode';
import type { RunEvent } from '../core/events';
import { AgentError } from '../core/errors';
import type { Log } from '../core/redact';
import { withProxy } from './proxySettings';
import type { AgentInfo } from '../core/routes';
import { runPolicy } from '../core/runPolicy';
import type { Settings } from '../core/settings';
import { checkKey, YouClient, type KeyCheck } from '../core/you/client';
import { ANSWER_AGENT_ID, youAgentConfig, youAgentInfos, type AgentRoute, type AgentSource } from './common/agents';
import { YouApis } from './youApis';
import type { KeyStore } from './keys';
import { wordedRun } from './common/runText';

export interface YouEndpoint {
  baseUrl: string;
  /** The search host (Search, Contents): `searchBaseUrl`, or the demo server, which serves both. */
  searchBaseUrl: string;
  apiKey?: string;
  demo: boolean;
}

/** You.com's agents: express, advanced and the custom agents in settings. */
export class YouSource implements AgentSource {
  /** Set by "Try the demo" when the embedded demo server runs in this window. */
  embeddedDemoUrl: string | undefined;
  /** The Answer, Search and Contents APIs, on the same key, settings and demo server. */
  readonly apis: YouApis;

  constructor(
    private readonly settings: () => Settings,
    private readonly keys: KeyStore,
    private readonly log: Log,
  ) {
    this.apis = new YouApis(() => this.endpoint(), settings, log);
  }

  /** Where runs go now: `baseUrl` with the key; without one only a demo server (key-less), else nowhere. */
  endpoint(): YouEndpoint | undefined {
    const settings = this.settings();
    const apiKey = this.keys.apiKey;
    if (apiKey) return { baseUrl: settings.baseUrl, searchBaseUrl: settings.searchBaseUrl, apiKey, demo: false };
    const demoUrl = settings.demoServerUrl ?? this.embeddedDemoUrl;
    return demoUrl ? { baseUrl: demoUrl, searchBaseUrl: demoUrl, demo: true } : undefined;
  }

  /** You.com Research (src/host/research), when the host wires it. */
  research: AgentRoute | undefined;

  agents(): AgentInfo[] {
    return [...this.youAgents(), ...(this.research ? [this.research.info] : [])];
  }

  private youAgents(): AgentInfo[] {
    return youAgentInfos(this.settings(), (key) =>
      key === 'express'
        ? { label: l10n.t('Express'), description: l10n.t('Fast answers grounded in one web search') }
        : key === 'answer'
          ? { label: l10n.t('You.com Answer'), description: l10n.t('A cited answer from one search, its excerpts as sources (Answer API)') }
          : { label: l10n.t('Advanced'), description: l10n.t('Research and compute tools, multi-step reports') },
    );
  }

  route(id: string): AgentRoute | undefined {
    if (this.research && id === this.research.info.id) return this.research;
    const info = this.youAgents().find((a) => a.id === id);
    if (!info) return undefined;
    if (id === ANSWER_AGENT_ID) {
      return { info, needsYouKey: true, run: (input, context) => wordedRun(this.apis.answer(input, context.signal), l10n.t) };
    }
    return {
      info,
      needsYouKey: true,
      run: (input, context) => wordedRun(this.run(id, input, context.signal), l10n.t),
    };
  }

  /** Asks You.com whether `apiKey` works, with the run policy's timeouts and no retry; logged. */
  async checkKey(apiKey: string): Promise<KeyCheck> {
    const settings = this.settings();
    const check = await checkKey(settings.baseUrl, apiKey, withProxy(runPolicy(settings, 0).net));
    this.log.info(`key check: ${check.result}${check.result === 'valid' ? '' : ` (${check.message})`}`);
    return check;
  }

  private async *run(id: string, input: string, signal: AbortSignal): AsyncGenerator<RunEvent> {
    const settings = this.settings();
    const config = youAgentConfig(id, settings);
    const endpoint = this.endpoint();
    if (!config || !endpoint) {
      const error = !config
        ? new AgentError('config', { code: 'unknown-agent', agentId: id }, { action: { kind: 'check-agent' } })
        : new AgentError('config', { code: 'no-key' }, { action: { kind: 'set-key' } });
      yield { type: 'error', error, partialText: '' };
      return;
    }
    const policy = runPolicy(settings);
    const client = new YouClient({ baseUrl: endpoint.baseUrl, policy: withProxy(policy.net), log: this.log, batchDeadlineMs: policy.batchDeadlineMs });
    yield* client.run(config, input, { apiKey: endpoint.apiKey, signal, stream: settings.stream });
  }
}
