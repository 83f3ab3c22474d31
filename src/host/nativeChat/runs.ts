import * as vscode from 'vscode';
import { AgentError } from '../../core/errors';
import type { RunEvent } from '../../core/events';
import { DEFAULT_NET_POLICY } from '../../core/net/http';
import { YouClient } from '../../core/you/client';
import { youAgentConfig } from '../agents';
import type { AgentChoice } from './choices';
import type { NativeChatDeps } from './deps';
import type { ErrorReason } from '../../core/errorReason';
import { errorText as wordError } from '../../core/errorText';
import { wordedRun } from '../runText';

/** The command users know for the key; named in every "no key" error of the native chat. */

/**
 * Starts a run for a native chat request through the same sources as the webview chat, or says
 * why it cannot start (unknown agent, no key) as an AgentError with its action.
 */
export function startRun(deps: NativeChatDeps, choice: AgentChoice, input: string, signal: AbortSignal): AsyncIterable<RunEvent> | AgentError {
  const route = deps.sources.map((s) => s.route(choice.agentId)).find((r) => r !== undefined);
  if (!route || route.info.unavailable) {
    const reason: ErrorReason = route?.info.unavailable
      ? { code: 'agent-unavailable', detail: route.info.unavailable }
      : { code: 'unknown-agent', agentId: choice.agentId };
    return new AgentError('config', reason, { action: { kind: 'check-agent' } });
  }
  if (route.needsYouKey && !deps.hasKey()) {
    return noKey();
  }
  return choice.research ? researchRun(deps, input, signal) : route.run(input, { signal });
}

/** The advanced agent with its research tool on (the settings may have it off), through the same core client. */
async function* researchRun(deps: NativeChatDeps, input: string, signal: AbortSignal): AsyncGenerator<RunEvent> {
  const settings = deps.settings();
  const endpoint = deps.youEndpoint();
  const config = youAgentConfig('you:advanced', { ...settings, research: { ...settings.research, enabled: true } });
  if (!endpoint || !config) {
    yield { type: 'error', error: noKey(), partialText: '' };
    return;
  }
  const timeoutMs = settings.requestTimeoutSeconds * 1000;
  const policy = { connectTimeoutMs: timeoutMs, idleTimeoutMs: timeoutMs, retry: { ...DEFAULT_NET_POLICY.retry, maxRetries: settings.retries } };
  const client = new YouClient({ baseUrl: endpoint.baseUrl, policy, log: deps.log });
  yield* wordedRun(client.run(config, input, { apiKey: endpoint.apiKey, signal, stream: settings.stream }), vscode.l10n.t);
}

function noKey(): AgentError {
  return new AgentError('config', { code: 'no-key' }, { action: { kind: 'set-key' } });
}

/** An error's message for a surface without buttons (language model, tool): a key problem names the command. */
export function errorText(error: AgentError): string {
  const text = wordError(error.reason, vscode.l10n.t);
  return error.action.kind === 'set-key' ? `${text} ${vscode.l10n.t('Run "You.com: Set API Key" from the Command Palette.')}` : text;
}

/** An AbortController that follows a cancellation token (cancel closes the HTTP stream). */
export function abortOn(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}
