import { AgentError, httpError } from '../errors';
import { parseRemoteJson } from '../json';
import { DEFAULT_NET_POLICY, DEFAULT_READ_LIMITS, openHttp, type NetDeps, type NetPolicy, type ReadLimits } from '../net/http';
import { displayUrl } from '../url';
import { youRequest, type YouEndpoint, type YouOrigins, type YouRequestParams } from './endpoints';
import { rateLimitWaitSeconds } from './rateLimit';

/**
 * One JSON call to a You.com endpoint of the table (Answer, Search, Contents, a Research task):
 * the URL, header and credential binding from `youRequest`, the body bounded, errors as AgentErrors
 * that name the product on a 403 "Missing required scopes", wait for a 429 as `Retry-After` or
 * `X-RateLimit-Reset` say, and never carry the key. A POST is repeated only as openHttp allows
 * (never once it may have arrived).
 */
export interface YouCallOptions {
  origins: YouOrigins;
  /** Absent only for the local demo server. */
  apiKey?: string;
  signal?: AbortSignal;
  policy?: NetPolicy;
  limits?: Partial<ReadLimits>;
  net?: NetDeps;
  params?: YouRequestParams;
  now?: () => number;
}

/** The parsed JSON body of a 2xx answer; throws an AgentError (redacted of the key) otherwise. */
export async function callYouJson(endpoint: YouEndpoint, body: unknown, options: YouCallOptions): Promise<unknown> {
  const secrets = [options.apiKey];
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const target = youRequest(endpoint, options.origins, options.apiKey, options.params);
  options.net?.log?.info(`${target.method} ${displayUrl(target.url)}`);
  const response = await openHttp(
    {
      url: target.url,
      method: target.method,
      service: 'You.com',
      signal: options.signal,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...target.headers },
      ...(target.credentialOrigin ? { credentialOrigin: target.credentialOrigin } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    },
    options.policy ?? DEFAULT_NET_POLICY,
    options.net ?? {},
  );
  try {
    if (!response.ok) {
      const text = await response.text(limits.errorBodyBytes, 'truncate');
      const wait = rateLimitWaitSeconds(response.headers, (options.now ?? Date.now)());
      throw httpError(response.status, text, wait, { secrets, product: target.product }).redacted(secrets);
    }
    const text = await response.text(limits.jsonBodyBytes);
    try {
      return parseRemoteJson(text);
    } catch {
      throw new AgentError('protocol', { code: 'protocol', service: 'You.com', problem: 'not-json' }, { action: { kind: 'retry' } });
    }
  } finally {
    response.close();
  }
}
