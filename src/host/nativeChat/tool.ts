import {
  type CancellationToken,
  l10n,
  LanguageModelTextPart,
  type LanguageModelTool,
  type LanguageModelToolInvocationOptions,
  type LanguageModelToolInvocationPrepareOptions,
  LanguageModelToolResult,
  MarkdownString,
  type PreparedToolInvocation,
} from 'vscode';
import { AgentError, isAgentError } from '../../core/errors';
import { collectRun } from '../../core/events';
import { hostOf } from '../../core/url';
import { showHidden } from '../../core/visibleText';
import { EXPRESS, toolConfirmation } from '../common/nativeChat/choices';
import type { NativeChatDeps } from './deps';
import { toolOutput } from '../common/nativeChat/render';
import { abortOn, errorText, startRun } from './runs';

export interface ToolInput {
  query: string;
}

const MAX_QUERY = 4_000;

/**
 * `#youcom` for agent mode: a web-grounded answer with its sources from You.com Express. The
 * confirmation shows exactly the text that leaves the machine, and where it goes.
 */
export class YouSearchTool implements LanguageModelTool<ToolInput> {
  constructor(private readonly deps: NativeChatDeps) {}

  prepareInvocation(options: LanguageModelToolInvocationPrepareOptions<ToolInput>): PreparedToolInvocation {
    const query = validQuery(options.input);
    const host = hostOf(this.deps.youEndpoint()?.baseUrl ?? this.deps.settings().baseUrl) || 'api.you.com';
    const { title, message } = toolConfirmation(query, host, l10n.t);
    return {
      invocationMessage: l10n.t('Asking You.com: {0}', oneLine(query)),
      confirmationMessages: { title, message: new MarkdownString(message) },
    };
  }

  async invoke(options: LanguageModelToolInvocationOptions<ToolInput>, token: CancellationToken): Promise<LanguageModelToolResult> {
    const query = validQuery(options.input);
    const abort = abortOn(token);
    try {
      const run = startRun(this.deps, { agentId: EXPRESS }, query, abort.signal);
      if (isAgentError(run)) throw run;
      const summary = await collectRun(run);
      if (summary.error) throw summary.error;
      return new LanguageModelToolResult([new LanguageModelTextPart(toolOutput(summary.text, summary.citations))]);
    } catch (err) {
      if (!isAgentError(err)) throw err;
      this.deps.log.warn(`tool youcom: ${err.message}`);
      throw new Error(errorText(err), { cause: err });
    } finally {
      abort.dispose();
    }
  }
}

function validQuery(input: unknown): string {
  const query = typeof input === 'object' && input !== null ? (input as { query?: unknown }).query : undefined;
  if (typeof query !== 'string' || !query.trim()) throw new AgentError('config', { code: 'empty-question' });
  if (query.length > MAX_QUERY) {
    throw new AgentError('config', { code: 'unexpected', message: l10n.t('The query is longer than {0} characters.', MAX_QUERY) });
  }
  return query.trim();
}

/** The query on one line, its hidden characters shown (src/core/visibleText.ts). */
function oneLine(text: string): string {
  const line = showHidden(text.replace(/[\t\n]+/g, ' ')).replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
