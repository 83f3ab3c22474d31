import { AgentError } from '../errors';
import { isHttpUrl } from '../url';
import { callJson, list, record, str, withRateLimitWait, type YouApiAccess } from './jsonCall';

/** One web result as the tools show it; every text already cut to its bound. */
export interface SearchResult {
  title: string;
  url: string;
  description: string;
  snippets: string[];
  /** `page_age` as the API gives it (an ISO date), when present. */
  age?: string;
}

export type Freshness = 'day' | 'week' | 'month' | 'year';
export const FRESHNESS: readonly Freshness[] = ['day', 'week', 'month', 'year'];

export interface SearchQuery {
  query: string;
  /** 1-20 here (the API takes up to 100 per section; a tool's answer need not be longer). */
  count?: number;
  /** day, week, month, year, or a range `YYYY-MM-DDtoYYYY-MM-DD`. */
  freshness?: string;
}

export const MAX_SEARCH_QUERY = 1_000;
export const MAX_COUNT = 20;
export const DEFAULT_COUNT = 5;
/** A search answer is a list of links and snippets: 4 MiB is far above any real one. */
export const SEARCH_BODY_BYTES = 4 * 1024 * 1024;
const MAX_TITLE = 300;
const MAX_TEXT = 1_000;
const MAX_SNIPPETS = 3;
const RANGE = /^(\d{4}-\d{2}-\d{2})to(\d{4}-\d{2}-\d{2})$/;

/** The request body (or GET query) of `/v1/search`; throws a config AgentError for values the API would refuse. */
export function searchRequest(input: SearchQuery): { query: string; count: number; freshness?: string } {
  const query = input.query.trim();
  if (!query) throw new AgentError('config', { code: 'empty-question' }, { action: { kind: 'none' } });
  if (query.length > MAX_SEARCH_QUERY) throw invalid('query', `${query.length} characters`, `at most ${MAX_SEARCH_QUERY} characters`);
  const count = input.count ?? DEFAULT_COUNT;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw invalid('count', String(input.count), `1-${MAX_COUNT}`);
  const freshness = input.freshness?.trim();
  if (freshness && !(FRESHNESS as readonly string[]).includes(freshness) && !validRange(freshness)) {
    throw invalid('freshness', freshness, `${FRESHNESS.join(', ')} or YYYY-MM-DDtoYYYY-MM-DD`);
  }
  return { query, count, ...(freshness ? { freshness } : {}) };
}

function validRange(value: string): boolean {
  const match = RANGE.exec(value);
  if (!match) return false;
  const [from, to] = [Date.parse(match[1]!), Date.parse(match[2]!)];
  return Number.isFinite(from) && Number.isFinite(to) && from <= to;
}

function invalid(field: string, value: string, allowed: string): AgentError {
  return new AgentError('config', { code: 'invalid-input', field, value, allowed }, { action: { kind: 'none' } });
}

/**
 * Web results from a `/v1/search` body: `results.web[]` then `results.news[]`, only http(s) URLs,
 * each URL once, at most `count`; titles, descriptions and snippets cut to their bounds.
 */
export function searchResults(body: unknown, count: number): SearchResult[] {
  const results = record(record(body).results);
  const out: SearchResult[] = [];
  const seen = new Set<string>();
  for (const item of [...list(results.web), ...list(results.news)]) {
    if (out.length >= count) break;
    const entry = record(item);
    const url = str(entry.url);
    if (!isHttpUrl(url) || seen.has(url)) continue;
    seen.add(url);
    const snippets = list(entry.snippets)
      .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
      .slice(0, MAX_SNIPPETS)
      .map((s) => cut(s, MAX_TEXT));
    const age = str(entry.page_age);
    const title = cut(str(entry.title), MAX_TITLE) || url;
    out.push({ title, url, description: cut(str(entry.description), MAX_TEXT), snippets, ...(age ? { age: cut(age, 40) } : {}) });
  }
  return out;
}

/** Text on one line, at most `max` characters (a cut ends with …). */
export function cut(text: string, max: number): string {
  const line = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const flat = line.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * `POST /v1/search` on the search origin (the late-2026 form); a server that answers 404 or 405
 * gets the older `GET ?query=…` with the same fields (the sheet's A.3: sources disagree on the method).
 */
export async function webSearch(access: YouApiAccess, input: SearchQuery): Promise<SearchResult[]> {
  const request = searchRequest(input);
  const service = 'You.com Search';
  const body = await withRateLimitWait(access, async () => {
    try {
      return await callJson('search', { body: request, service, maxBytes: SEARCH_BODY_BYTES }, access);
    } catch (err) {
      if (!(err instanceof AgentError) || (err.status !== 404 && err.status !== 405)) throw err;
      return callJson('search', { method: 'GET', query: request, service, maxBytes: SEARCH_BODY_BYTES }, access);
    }
  });
  return searchResults(body, request.count);
}
