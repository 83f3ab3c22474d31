import * as vscode from 'vscode';
import type { RunEvent } from '../core/events';
import { AgentError } from '../core/errors';
import { DEFAULT_NET_POLICY, type NetPolicy } from '../core/net/http';
import { withProxy } from './proxySettings';
import type { Log } from '../core/redact';
import type { Settings } from '../core/settings';
import { YouClient } from '../core/you/client';
import type { AgentInfo } from '../core/routes';
import { youAgentConfig, youAgentInfos, type AgentRoute, type AgentSource } from './agents';
import type { KeyStore } from './keys';
import { wordedRun } from './runText';

export interface YouEndpoint {
  baseUrl: string;
  apiKey?: string;
  demo: boolean;
}

/** You.com's agents: express, advanced and the custom agents in settings. */
export class YouSource implements AgentSource {
  /** Set by "Try the demo" when the embedded demo server runs in this window. */
  embeddedDemoUrl: string | undefined;

  constructor(
    private readonly settings: () => Settings,
    private readonly keys: KeyStore,
    private readonly log: Log,
  ) {}

  /** Where runs go now: `baseUrl` with the key; without one only a demo server (key-less), else nowhere. */
  endpoint(): YouEndpoint | undefined {
    const settings = this.settings();
    const apiKey = this.keys.apiKey;
    if (apiKey) return { baseUrl: settings.baseUrl, apiKey, demo: false };
    const demoUrl = settings.demoServerUrl ?? this.embeddedDemoUrl;
    return demoUrl ? { baseUrl: demoUrl, demo: true } : undefined;
  }

  agents(): AgentInfo[] {
    return youAgentInfos(this.settings(), (key) =>
      key === 'express'
        ? { label: vscode.l10n.t('Express'), description: vscode.l10n.t('Fast answers grounded in one web search') }
        : { label: vscode.l10n.t('Advanced'), description: vscode.l10n.t('Research and compute tools, multi-step reports') },
    );
  }

  route(id: string): AgentRoute | undefined {
    const info = this.agents().find((a) => a.id === id);
    if (!info) return undefined;
    return {
      info,
      needsYouKey: true,
      run: (input, context) => wordedRun(this.run(id, input, context.signal), vscode.l10n.t),
    };
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
    const timeoutMs = settings.requestTimeoutSeconds * 1000;
    const policy: NetPolicy = {
      connectTimeoutMs: timeoutMs,
      idleTimeoutMs: timeoutMs,
      retry: { ...DEFAULT_NET_POLICY.retry, maxRetries: settings.retries },
      ...withProxy(),
    };
    const client = new YouClient({ baseUrl: endpoint.baseUrl, policy, log: this.log, batchDeadlineMs: settings.batchTimeoutMinutes * 60_000 });
    yield* client.run(config, input, { apiKey: endpoint.apiKey, signal, stream: settings.stream });
  }
}
