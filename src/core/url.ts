import type { EndpointProblem } from './errorReason';

/**
 * Longer values are not URLs this extension follows, sends to or shows whole: real links and
 * endpoints are far shorter, and bounding what `new URL` copies and re-encodes keeps the cost of
 * a hostile citation or link flat (the parser's time on megabyte strings grew faster than their
 * size under load, from allocation rather than the algorithm).
 */
export const MAX_URL_CHARS = 32 * 1024;

/** The parsed URL, or undefined when `value` does not parse or is longer than MAX_URL_CHARS. */
export function parseUrl(value: string): URL | undefined {
  if (value.length > MAX_URL_CHARS) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The one http(s) check: links, citations and base URLs of any other scheme are refused. */
export function isHttpUrl(value: string): boolean {
  const protocol = parseUrl(value)?.protocol;
  return protocol === 'https:' || protocol === 'http:';
}

export function hostOf(url: string): string {
  return parseUrl(url)?.host ?? '';
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
  const url = parseUrl(value);
  if (!url) return 'not-url';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not-http';
  if (url.username || url.password) return 'user-info';
  if (url.href.includes('?') || url.href.includes('#')) return 'query';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'plain-http';
  return undefined;
}

/** The origin (scheme, host, port) a credential is bound to; '' when `value` does not parse. */
export function originOf(value: string): string {
  return parseUrl(value)?.origin ?? '';
}

/** A URL fit for logs and errors: no user info, no query or fragment (either may hold a secret). */
export function displayUrl(value: string): string {
  const url = parseUrl(value);
  if (url) return `${url.origin}${url.pathname}`;
  // Cut at the first `?` or `#` by index: `/[?#].*$/` retried from every `?` of a line that
  // is not the last one, quadratic in that line (64 KiB of `?` and a line end took 5.5 s).
  const withoutUserInfo = value.replace(/\/\/[^/@\s]*@/, '//');
  const query = withoutUserInfo.search(/[?#]/);
  const shown = query < 0 ? withoutUserInfo : withoutUserInfo.slice(0, query);
  return shown.length > MAX_URL_CHARS ? `${shown.slice(0, MAX_URL_CHARS)}…` : shown;
}

/** You.com's own pages (upgrade, credits): https on you.com or a subdomain, nothing else. */
export function isYouComPage(value: string): boolean {
  const url = parseUrl(value);
  return !!url && url.protocol === 'https:' && (url.hostname === 'you.com' || url.hostname.endsWith('.you.com')) && !url.username && !url.password;
}
