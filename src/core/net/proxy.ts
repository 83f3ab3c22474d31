/**
 * Which proxy a request of the extension goes through. The routing itself is VS Code's: it
 * patches the extension host's global `fetch` (`http.fetchAdditionalSupport`, on by default) to
 * follow `http.proxy` (else HTTPS_PROXY / HTTP_PROXY), `http.noProxy` (else NO_PROXY) and
 * `http.proxySupport`, and to go direct to localhost, 127.0.0.1 and ::1. The extension adds no
 * routing of its own; these rules are mirrored here only so a failed request can say that it
 * went through a proxy, and which one. No I/O here.
 */

export interface ProxyRoute {
  /** The proxy URL as configured (may carry user info: show it through displayUrl only). */
  url: string;
  /** Host suffixes (optionally `:port`) that go direct; `*` means every host. */
  noProxy: readonly string[];
}

/** VS Code's `http.*` proxy settings and the environment, as the host reads them. */
export interface ProxySettings {
  proxy?: unknown;
  noProxy?: unknown;
  /** `http.proxySupport`: `off` leaves fetch unproxied. */
  support?: unknown;
  /** `http.fetchAdditionalSupport`: false leaves fetch unproxied. */
  fetchSupport?: unknown;
  env?: Readonly<Record<string, string | undefined>>;
}

const PROXY_SCHEMES = /^(https?|socks[45]?h?|socks4a):\/\//i;

/** The proxy VS Code's fetch uses for requests, or undefined when none is configured or fetch is left alone. */
export function proxyRoute(settings: ProxySettings): ProxyRoute | undefined {
  if (settings.support === 'off' || settings.fetchSupport === false) return undefined;
  const env = settings.env ?? {};
  const configured = typeof settings.proxy === 'string' ? settings.proxy.trim() : '';
  const url = configured || (env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY ?? '').trim();
  if (!PROXY_SCHEMES.test(url)) return undefined;
  const fromSetting = Array.isArray(settings.noProxy) ? settings.noProxy.filter((v): v is string => typeof v === 'string') : [];
  // As in VS Code: any http.noProxy entry replaces NO_PROXY from the environment.
  const noProxy = fromSetting.length ? fromSetting : (env.no_proxy ?? env.NO_PROXY ?? '').split(',');
  return { url, noProxy: noProxy.map((v) => v.trim().toLowerCase()).filter(Boolean) };
}

const DIRECT_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1', '[::ffff:7f00:1]']);

/** The proxy `url` is sent through, or undefined when it goes direct. */
export function proxyFor(url: string, route: ProxyRoute | undefined): string | undefined {
  if (!route) return undefined;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const host = target.hostname.toLowerCase();
  if (DIRECT_HOSTS.has(host)) return undefined;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const bypassed = route.noProxy.some((entry) => {
    if (entry === '*') return true;
    const [name = '', entryPort] = entry.split(':', 2);
    const suffix = name.startsWith('.') ? name : `.${name}`;
    return `.${host}`.endsWith(suffix) && (!entryPort || entryPort === port);
  });
  return bypassed ? undefined : route.url;
}

/**
 * True when a fetch failure happened at the proxy itself (refused, not found, timed out, or the
 * proxy refused the tunnel), judged from the error's cause chain: an errno error naming the
 * proxy's host or port, or a message about the proxy. Bounded walk.
 */
export function failedAtProxy(err: unknown, proxyUrl: string): boolean {
  let proxy: URL;
  try {
    proxy = new URL(proxyUrl);
  } catch {
    return false;
  }
  const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const isIp = /^[\d.]+$/.test(proxyHost) || proxyHost.includes(':');
  const pending: unknown[] = [err];
  for (let seen = 0; pending.length > 0 && seen < 16; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== 'object') continue;
    const { hostname, address, port, message, cause, errors } = current as Record<string, unknown>;
    if (typeof hostname === 'string' && hostname.toLowerCase() === proxyHost) return true;
    if (port === proxyPort && (!isIp || address === proxyHost)) return true;
    if (typeof message === 'string' && /\bproxy\b/i.test(message.slice(0, 500))) return true;
    if (cause) pending.push(cause);
    if (Array.isArray(errors)) pending.push(...errors.slice(0, 4));
  }
  return false;
}
