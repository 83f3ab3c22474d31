import { AgentError } from '../errors';
import { displayUrl, endpointProblem, isHttpUrl, MAX_URL_CHARS } from '../url';
import { callJson, list, record, str, withRateLimitWait, type YouApiAccess } from './jsonCall';
import { cut } from './search';

/** One page as Markdown, cut to the caller's bound. */
export interface PageContents {
  url: string;
  title: string;
  markdown: string;
  /** true when `markdown` was cut to fit. */
  truncated: boolean;
}

export const MAX_URLS = 10;
/** The pages of one call as the server sends them (Markdown, HTML, metadata): refused past this. */
export const CONTENTS_BODY_BYTES = 16 * 1024 * 1024;
/** What one call returns in all, shared between its pages; a tool result must fit a model's context. */
export const DEFAULT_MAX_CHARS = 40_000;

/** The `/v1/contents` body for http(s) URLs (each once, at most MAX_URLS); a bad URL is refused, not skipped. */
export function contentsRequest(urls: readonly string[]): { urls: string[]; formats: ['markdown'] } {
  const unique = [...new Set(urls.map((u) => u.trim()).filter(Boolean))];
  if (unique.length === 0) throw invalid('urls', '[]', '1 or more http(s) URLs');
  if (unique.length > MAX_URLS) throw invalid('urls', `${unique.length} URLs`, `at most ${MAX_URLS}`);
  for (const url of unique) {
    // A page URL carries a query often; only its form is checked (user info would end up in logs).
    const problem = url.length > MAX_URL_CHARS || !isHttpUrl(url) ? 'not-http' : endpointProblem(url);
    if (problem && problem !== 'query' && problem !== 'plain-http') {
      throw invalid('urls', cut(displayUrl(url), 200), 'http(s) URLs without user name or password');
    }
  }
  return { urls: unique, formats: ['markdown'] };
}

function invalid(field: string, value: string, allowed: string): AgentError {
  return new AgentError('config', { code: 'invalid-input', field, value, allowed }, { action: { kind: 'none' } });
}

/**
 * Pages from a `/v1/contents` body (an array of `{url, title, markdown}`), in the order asked,
 * sharing `maxChars` evenly: a page that needs less leaves the rest to the others. A page the
 * server did not return, or returned without Markdown, is listed with empty text.
 */
export function pageContents(body: unknown, asked: readonly string[], maxChars = DEFAULT_MAX_CHARS): PageContents[] {
  const byUrl = new Map<string, Record<string, unknown>>();
  for (const item of list(body)) {
    const entry = record(item);
    const url = str(entry.url);
    if (url && !byUrl.has(url)) byUrl.set(url, entry);
  }
  const pages = asked.map((url) => {
    const entry = byUrl.get(url) ?? {};
    return { url, title: cut(str(entry.title), 300) || url, text: str(entry.markdown) };
  });
  // Fair shares: the shortest pages first, each taking at most an even part of what is left.
  const order = pages.map((p, i) => i).sort((a, b) => pages[a]!.text.length - pages[b]!.text.length);
  const budget = new Array<number>(pages.length).fill(0);
  let left = maxChars;
  order.forEach((index, position) => {
    const share = Math.floor(left / (order.length - position));
    budget[index] = Math.min(pages[index]!.text.length, share);
    left -= budget[index]!;
  });
  return pages.map((p, i) => {
    const truncated = p.text.length > budget[i]!;
    return { url: p.url, title: p.title, markdown: truncated ? p.text.slice(0, budget[i]) : p.text, truncated };
  });
}

/** `POST /v1/contents` on the search origin: the pages as Markdown, bounded in bytes read and characters returned. */
export async function pageMarkdown(access: YouApiAccess, urls: readonly string[], maxChars = DEFAULT_MAX_CHARS): Promise<PageContents[]> {
  const request = contentsRequest(urls);
  const call = { body: request, service: 'You.com Contents', maxBytes: CONTENTS_BODY_BYTES };
  const body = await withRateLimitWait(access, () => callJson('contents', call, access));
  return pageContents(body, request.urls, maxChars);
}
