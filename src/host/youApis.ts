import { l10n } from 'vscode';
import { AgentError } from '../core/errors';
import type { RunEvent } from '../core/events';
import type { Log } from '../core/redact';
import { runPolicy } from '../core/runPolicy';
import type { Settings } from '../core/settings';
import { answerRun } from '../core/you/answer';
import { pageMarkdown, type PageContents } from '../core/you/contents';
import type { YouApiAccess } from '../core/you/jsonCall';
import { webSearch, type SearchQuery, type SearchResult } from '../core/you/search';
import { withProxy } from './proxySettings';
import type { YouEndpoint } from './youSource';

/**
 * You.com's Answer, Search and Contents APIs for the host: the Answer agent's runs, the search and
 * page-contents tools, and "Open Source as Markdown". The origins come from the user's settings
 * only (`baseUrl`, `searchBaseUrl`), or both from the local demo server while no key is stored.
 */
export class YouApis {
  constructor(
    private readonly endpoint: () => YouEndpoint | undefined,
    private readonly settings: () => Settings,
    private readonly log: Log,
  ) {}

  /** The host the search tools' requests go to, for their confirmations. */
  searchHost(): string {
    const endpoint = this.endpoint();
    return hostName(endpoint ? endpoint.searchBaseUrl : this.settings().searchBaseUrl);
  }

  answer(question: string, signal: AbortSignal): AsyncIterable<RunEvent> {
    const access = this.access(signal);
    if (access instanceof AgentError) return failed(access);
    return answerRun(access, question);
  }

  async search(input: SearchQuery, signal?: AbortSignal): Promise<SearchResult[]> {
    const access = this.access(signal);
    if (access instanceof AgentError) throw access;
    return webSearch(access, input);
  }

  async contents(urls: readonly string[], signal?: AbortSignal): Promise<PageContents[]> {
    const access = this.access(signal);
    if (access instanceof AgentError) throw access;
    return pageMarkdown(access, urls);
  }

  private access(signal: AbortSignal | undefined): YouApiAccess | AgentError {
    const endpoint = this.endpoint();
    if (!endpoint) return new AgentError('config', { code: 'no-key' }, { action: { kind: 'set-key' } });
    return {
      origins: { api: endpoint.baseUrl, search: endpoint.searchBaseUrl },
      ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
      policy: withProxy(runPolicy(this.settings()).net),
      log: this.log,
      ...(signal ? { signal } : {}),
    };
  }
}

async function* failed(error: AgentError): AsyncGenerator<RunEvent> {
  yield { type: 'error', error, partialText: '' };
}

function hostName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return l10n.t('(an invalid URL)');
  }
}
