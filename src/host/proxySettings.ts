import { workspace } from 'vscode';
import type { NetPolicy } from '../core/net/http';
import { proxyRoute, type ProxyRoute } from '../core/net/proxy';

/**
 * The proxy VS Code's own fetch support sends the extension's requests through (`http.proxy`,
 * `http.noProxy`, `http.proxySupport`, `http.fetchAdditionalSupport`, else the environment's
 * HTTPS_PROXY / NO_PROXY). Read per request, so a changed setting applies to the next one.
 * A proxy VS Code finds on its own (the system's, a PAC file) is not known here.
 */
export function currentProxyRoute(): ProxyRoute | undefined {
  const http = workspace.getConfiguration('http');
  return proxyRoute({
    proxy: http.get('proxy'),
    noProxy: http.get('noProxy'),
    support: http.get('proxySupport'),
    fetchSupport: http.get('fetchAdditionalSupport'),
    env: process.env,
  });
}

/** `policy` with the configured proxy, if any, so a failure through it names the proxy. */
export function withProxy(policy: NetPolicy): NetPolicy {
  const proxy = currentProxyRoute();
  return proxy ? { ...policy, proxy } : policy;
}
