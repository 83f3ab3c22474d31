import { AgentError } from '../errors';
import type { EndpointProblem } from '../errorReason';
import { displayUrl, endpointProblem, originOf, parseUrl } from '../url';

/**
 * The one table of You.com endpoints: which origin each lives on, its path and method, and the
 * header its key travels in. Every You.com client builds its requests through `youRequest`, so a
 * key is only ever sent to the origin its endpoint belongs to (the request carries that origin as
 * `credentialOrigin`, which src/core/net/http.ts enforces).
 */

export const DEFAULT_API_BASE_URL = 'https://api.you.com';
/** Search and Contents live on their own host (docs/protocols.md, "You.com endpoints"). */
export const DEFAULT_SEARCH_BASE_URL = 'https://ydc-index.io';

/** The two user-level base URLs a You.com key may go to. */
export interface YouOrigins {
  /** `baseUrl` (api.you.com): Agents Runs, Research, Answer. */
  api: string;
  /** The search host setting (ydc-index.io): Search, Contents. */
  search: string;
}

export const DEFAULT_YOU_ORIGINS: YouOrigins = { api: DEFAULT_API_BASE_URL, search: DEFAULT_SEARCH_BASE_URL };

export type YouEndpoint = 'agents-runs' | 'research' | 'research-task' | 'research-stream' | 'answer' | 'search' | 'contents';

/** The product a key must be scoped for, named in a 403 "Missing required scopes". */
export type YouProduct = 'Agents' | 'Research' | 'Answer' | 'Search' | 'Contents';

/** `x-api-key`: the raw key in X-API-Key; `agents`: whatever Agents Runs uses (authHeaders). */
export type YouAuthScheme = 'x-api-key' | 'agents';

export interface YouEndpointSpec {
  origin: keyof YouOrigins;
  method: 'GET' | 'POST';
  /** The path; `{id}` is replaced by a task id. */
  path: string;
  auth: YouAuthScheme;
  product: YouProduct;
}

export const YOU_ENDPOINTS: Readonly<Record<YouEndpoint, YouEndpointSpec>> = {
  'agents-runs': { origin: 'api', method: 'POST', path: '/v1/agents/runs', auth: 'agents', product: 'Agents' },
  research: { origin: 'api', method: 'POST', path: '/v1/research', auth: 'x-api-key', product: 'Research' },
  'research-task': { origin: 'api', method: 'GET', path: '/v1/research/{id}', auth: 'x-api-key', product: 'Research' },
  'research-stream': { origin: 'api', method: 'GET', path: '/v1/research/{id}/stream', auth: 'x-api-key', product: 'Research' },
  answer: { origin: 'api', method: 'POST', path: '/v1/answer', auth: 'x-api-key', product: 'Answer' },
  search: { origin: 'search', method: 'POST', path: '/v1/search', auth: 'x-api-key', product: 'Search' },
  contents: { origin: 'search', method: 'POST', path: '/v1/contents', auth: 'x-api-key', product: 'Contents' },
};

/**
 * Agents Runs: the docs send `Authorization: Bearer`, the generated SDKs `X-API-Key`; which one the
 * endpoint needs is unknown (docs/protocols.md §1), so the choice lives here alone.
 */
export function authHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
}

/** The headers that carry `apiKey` to `endpoint`; none without a key (the local demo). */
export function youAuthHeaders(endpoint: YouEndpoint, apiKey: string | undefined): Record<string, string> {
  if (!apiKey) return {};
  return YOU_ENDPOINTS[endpoint].auth === 'agents' ? authHeaders(apiKey) : { 'X-API-Key': apiKey };
}

/** A task id goes into a URL path: only the characters real ids use (UUIDs, slugs), bounded. */
export function isTaskId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value);
}

export interface YouRequestTarget {
  url: string;
  method: 'GET' | 'POST';
  /** The auth header (when a key is given); callers add Content-Type and Accept. */
  headers: Record<string, string>;
  /** Set when a key is sent: the request may go to this origin only. */
  credentialOrigin?: string;
  product: YouProduct;
}

export interface YouRequestParams {
  /** Replaces `{id}` (research-task, research-stream); must pass isTaskId. */
  taskId?: string;
  /** Appended as a query string (e.g. `from_id`). */
  query?: Record<string, string | number>;
}

/**
 * The URL, method, auth header and credential binding of one call. Throws a config AgentError when
 * the endpoint's base URL cannot receive the key (not https, user info, a query), without sending it.
 */
export function youRequest(endpoint: YouEndpoint, origins: YouOrigins, apiKey: string | undefined, params: YouRequestParams = {}): YouRequestTarget {
  const spec = YOU_ENDPOINTS[endpoint];
  const baseUrl = origins[spec.origin];
  const base = parseBase(baseUrl);
  const problem = apiKey ? endpointProblem(baseUrl) : undefined;
  if (problem) throw badBaseUrl(baseUrl, problem, 'api-key');
  let path = spec.path;
  if (path.includes('{id}')) {
    if (!isTaskId(params.taskId)) {
      throw new AgentError('protocol', { code: 'protocol', service: 'You.com', problem: 'run-id' }, { action: { kind: 'none' } });
    }
    path = path.replace('{id}', params.taskId);
  }
  const query = params.query ? `?${new URLSearchParams(Object.entries(params.query).map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
  const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}${path}${query}`;
  return {
    url,
    method: spec.method,
    headers: youAuthHeaders(endpoint, apiKey),
    ...(apiKey ? { credentialOrigin: originOf(baseUrl) } : {}),
    product: spec.product,
  };
}

function parseBase(baseUrl: string): URL {
  const url = parseUrl(baseUrl);
  if (!url) throw badBaseUrl(baseUrl, 'not-url');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badBaseUrl(baseUrl, 'not-http');
  return url;
}

export function badBaseUrl(baseUrl: string, problem: EndpointProblem, withheld?: 'api-key'): AgentError {
  const reason = { code: 'bad-endpoint' as const, service: 'You.com', url: displayUrl(baseUrl), problem, ...(withheld ? { withheld } : {}) };
  return new AgentError('config', reason, { action: { kind: 'check-settings' } });
}
