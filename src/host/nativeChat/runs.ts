import { type CancellationToken, l10n } from 'vscode';
import type { AgentError } from '../../core/errors';
import { errorText as wordError } from '../../core/errorText';
import type { RunEvent } from '../../core/events';
import { findRoute, preflight } from '../../core/routes';
import type { AgentChoice } from '../common/nativeChat/choices';
import type { NativeChatDeps } from './deps';

/**
 * Starts a run for a native chat request through the same routes and preflight as the webview
 * chat, or says why it cannot start (unknown or unreachable agent, no key) as an AgentError with
 * its action. `/research` is a route option: the same client, policy and settings as any run.
 */
export function startRun(deps: NativeChatDeps, choice: AgentChoice, input: string, signal: AbortSignal): AsyncIterable<RunEvent> | AgentError {
  const route = findRoute(deps.sources, choice.agentId);
  return preflight(route, choice.agentId, deps.hasKey()) ?? route!.run(input, { signal });
}

/** An error's message for a surface without buttons (language model, tool): a key problem names the command. */
export function errorText(error: AgentError): string {
  const text = wordError(error.reason, l10n.t);
  return error.action.kind === 'set-key' ? `${text} ${l10n.t('Run "You.com: Set API Key" from the Command Palette.')}` : text;
}

/** An AbortController that follows a cancellation token (cancel closes the HTTP stream). */
export function abortOn(token: CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}
