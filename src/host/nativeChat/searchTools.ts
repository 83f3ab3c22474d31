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
import { showHidden } from '../../core/visibleText';
import type { SearchQuery } from '../../core/you/search';
import {
  contentsConfirmation,
  contentsOutput,
  contentsToolInput,
  searchConfirmation,
  searchOutput,
  searchToolInput,
} from '../common/nativeChat/searchTools';
import type { NativeChatDeps } from './deps';
import { abortOn, errorText } from './runs';

/**
 * The web search and page-contents tools for agent mode, beside `#youcom`, on You.com's search
 * host. Each confirmation shows exactly what leaves the machine and the host it goes to; a
 * failure reaches the model as one worded sentence (never the key).
 */
export class YouWebSearchTool implements LanguageModelTool<SearchQuery> {
  constructor(private readonly deps: NativeChatDeps) {}

  prepareInvocation(options: LanguageModelToolInvocationPrepareOptions<SearchQuery>): PreparedToolInvocation {
    const input = searchToolInput(options.input);
    const { title, message } = searchConfirmation(input, searchHost(this.deps), l10n.t);
    return {
      invocationMessage: l10n.t('Searching the web with You.com: {0}', oneLine(input.query)),
      confirmationMessages: { title, message: new MarkdownString(message) },
    };
  }

  invoke(options: LanguageModelToolInvocationOptions<SearchQuery>, token: CancellationToken): Promise<LanguageModelToolResult> {
    return worded(this.deps, 'youcom_search', token, async (signal) => {
      const input = searchToolInput(options.input);
      const results = await apisOf(this.deps).search(input, signal);
      return searchOutput(input.query, results);
    });
  }
}

export class YouPageContentsTool implements LanguageModelTool<{ urls: string[] }> {
  constructor(private readonly deps: NativeChatDeps) {}

  prepareInvocation(options: LanguageModelToolInvocationPrepareOptions<{ urls: string[] }>): PreparedToolInvocation {
    const urls = contentsToolInput(options.input);
    const { title, message } = contentsConfirmation(urls, searchHost(this.deps), l10n.t);
    const first = urls.length === 1 ? oneLine(urls[0]!) : l10n.t('{0} pages', urls.length);
    return {
      invocationMessage: l10n.t('Reading with You.com: {0}', first),
      confirmationMessages: { title, message: new MarkdownString(message) },
    };
  }

  invoke(options: LanguageModelToolInvocationOptions<{ urls: string[] }>, token: CancellationToken): Promise<LanguageModelToolResult> {
    return worded(this.deps, 'youcom_contents', token, async (signal) => {
      const pages = await apisOf(this.deps).contents(contentsToolInput(options.input), signal);
      return contentsOutput(pages);
    });
  }
}

/** Runs a tool's work with cancellation; an AgentError becomes one worded sentence (logged). */
async function worded(
  deps: NativeChatDeps,
  name: string,
  token: CancellationToken,
  work: (signal: AbortSignal) => Promise<string>,
): Promise<LanguageModelToolResult> {
  const abort = abortOn(token);
  try {
    if (!deps.hasKey()) throw new AgentError('config', { code: 'no-key' }, { action: { kind: 'set-key' } });
    return new LanguageModelToolResult([new LanguageModelTextPart(await work(abort.signal))]);
  } catch (err) {
    if (!isAgentError(err)) throw err;
    deps.log.warn(`tool ${name}: ${err.message}`);
    throw new Error(errorText(err), { cause: err });
  } finally {
    abort.dispose();
  }
}

function apisOf(deps: NativeChatDeps): NonNullable<NativeChatDeps['apis']> {
  if (!deps.apis) throw new AgentError('config', { code: 'agent-unavailable', detail: 'You.com Search' });
  return deps.apis;
}

function searchHost(deps: NativeChatDeps): string {
  return deps.apis?.searchHost() || 'ydc-index.io';
}

/** A line for the progress message, its hidden characters shown. */
function oneLine(text: string): string {
  const line = showHidden(text.replace(/[\t\n]+/g, ' ')).replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
