import type { EndpointProblem } from './errorReason';

/** The one http(s) check: links, citations and base URLs of any other scheme are refused. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * Exactly `localhost`, 127.0.0.0/8 and ::1: the only hosts a credential may reach over plain
 * http. A subdomain such as `evil.localhost` is not one: the name goes to the normal resolver.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Why `value` cannot be an endpoint that receives a credential or a question, or undefined when
 * it can: it must parse, be https (http only on loopback), and carry no user info, query or
 * fragment (a password or `?api_key=` in a URL ends up in logs and errors, and paths are
 * appended to an endpoint).
 */
export function endpointProblem(value: string): EndpointProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not-url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not-http';
  if (url.username || url.password) return 'user-info';
  if (url.href.includes('?') || url.href.includes('#')) return 'query';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'plain-http';
  return undefined;
}

/** The origin (scheme, host, port) a credential is bound to; '' when `value` does not parse. */
export function originOf(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return '';
  }
}

/** A URL fit for logs and errors: no user info, no query or fragment (either may hold a secret). */
export function displayUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname}`;
  } catch {
    // Cut at the first `?` or `#` by index: `/[?#].*$/` retried from every `?` of a line that
    // is not the last one, quadratic in that line (64 KiB of `?` and a line end took 5.5 s).
    const withoutUserInfo = value.replace(/\/\/[^/@\s]*@/, '//');
    const query = withoutUserInfo.search(/[?#]/);
    return query < 0 ? withoutUserInfo : withoutUserInfo.slice(0, query);
  }
}

/** You.com's own pages (upgrade, credits): https on you.com or a subdomain, nothing else. */
export function isYouComPage(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && (url.hostname === 'you.com' || url.hostname.endsWith('.you.com')) && !url.username && !url.password;
  } catch {
    return false;
  }
}
