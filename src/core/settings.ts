import { isHttpUrl as isHttp } from './url';
import type { ReportVerbosity, SearchEffort, Verbosity } from './you/request';

export interface CustomAgentSetting {
  name: string;
  id: string;
}

export interface AcpServerSetting {
  name: string;
  url: string;
  /** Name of a bearer token kept in SecretStorage (never the token itself). */
  tokenSecret?: string;
}

export interface Settings {
  baseUrl: string;
  defaultAgent: string;
  customAgents: CustomAgentSetting[];
  research: { enabled: boolean; searchEffort: SearchEffort; reportVerbosity: ReportVerbosity };
  compute: boolean;
  verbosity: Verbosity;
  maxWorkflowSteps: number;
  stream: boolean;
  requestTimeoutSeconds: number;
  retries: number;
  openIn: 'sidebar' | 'editor';
  /** A local demo server used only while no API key is stored. */
  demoServerUrl?: string;
  acpServers: AcpServerSetting[];
}

export const DEFAULT_SETTINGS: Settings = {
  baseUrl: 'https://api.you.com',
  defaultAgent: 'express',
  customAgents: [],
  research: { enabled: true, searchEffort: 'auto', reportVerbosity: 'medium' },
  compute: false,
  verbosity: 'medium',
  maxWorkflowSteps: 10,
  stream: true,
  requestTimeoutSeconds: 60,
  retries: 3,
  openIn: 'sidebar',
  acpServers: [],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads `youAgents.*` through `get` and validates each value. A bad value never blocks the
 * user: it is replaced by its default and reported in `warnings`, one sentence each.
 */
export function readSettings(get: (key: string) => unknown): { settings: Settings; warnings: string[] } {
  const warnings: string[] = [];
  const d = DEFAULT_SETTINGS;
  const warn = (key: string, value: unknown, expected: string, fallback: unknown) =>
    warnings.push(`youAgents.${key}: ${JSON.stringify(value)} is not ${expected}; using ${JSON.stringify(fallback)}.`);

  function pick<T>(key: string, fallback: T, ok: (v: unknown) => v is T, expected: string): T {
    const value = get(key);
    if (value === undefined || value === null) return fallback;
    if (ok(value)) return value;
    warn(key, value, expected, fallback);
    return fallback;
  }
  const oneOf =
    <T extends string>(values: readonly T[]) =>
    (v: unknown): v is T =>
      typeof v === 'string' && (values as readonly string[]).includes(v);
  const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
  const intIn =
    (min: number, max: number) =>
    (v: unknown): v is number =>
      typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  const isHttpUrl = (v: unknown): v is string => typeof v === 'string' && isHttp(v);

  const customAgents: CustomAgentSetting[] = [];
  const rawAgents = get('customAgents');
  if (Array.isArray(rawAgents)) {
    for (const item of rawAgents) {
      const { name, id } = (item ?? {}) as Partial<CustomAgentSetting>;
      if (typeof name === 'string' && name.trim() && typeof id === 'string' && UUID.test(id.trim())) customAgents.push({ name: name.trim(), id: id.trim() });
      else warnings.push(`youAgents.customAgents: ${JSON.stringify(item)} needs a name and a UUID id; skipped.`);
    }
  } else if (rawAgents !== undefined && rawAgents !== null) {
    warn('customAgents', rawAgents, 'a list of {name, id}', []);
  }

  const acpServers: AcpServerSetting[] = [];
  const rawServers = get('acp.servers');
  if (Array.isArray(rawServers)) {
    const names = new Set<string>();
    for (const item of rawServers) {
      const { name, url, tokenSecret } = (item ?? {}) as Partial<AcpServerSetting>;
      if (typeof name === 'string' && /^[\w .-]{1,40}$/.test(name) && !names.has(name) && isHttpUrl(url)) {
        names.add(name);
        acpServers.push({ name, url: url.replace(/\/+$/, ''), ...(typeof tokenSecret === 'string' && tokenSecret ? { tokenSecret } : {}) });
      } else {
        warnings.push(`youAgents.acp.servers: ${JSON.stringify(item)} needs a unique name and an http(s) url; skipped.`);
      }
    }
  } else if (rawServers !== undefined && rawServers !== null) {
    warn('acp.servers', rawServers, 'a list of {name, url}', []);
  }

  const demo = get('demo.serverUrl');
  const settings: Settings = {
    baseUrl: pick('baseUrl', d.baseUrl, isHttpUrl, 'an http(s) URL').replace(/\/+$/, ''),
    defaultAgent: pick('defaultAgent', d.defaultAgent, (v): v is string => typeof v === 'string' && v.trim().length > 0, 'an agent id'),
    customAgents,
    research: {
      enabled: pick('advanced.research.enabled', d.research.enabled, isBool, 'true or false'),
      searchEffort: pick('advanced.research.searchEffort', d.research.searchEffort, oneOf(['auto', 'low', 'medium', 'high'] as const), 'auto, low, medium or high'),
      reportVerbosity: pick('advanced.research.reportVerbosity', d.research.reportVerbosity, oneOf(['medium', 'high'] as const), 'medium or high'),
    },
    compute: pick('advanced.compute.enabled', d.compute, isBool, 'true or false'),
    verbosity: pick('advanced.verbosity', d.verbosity, oneOf(['medium', 'high'] as const), 'medium or high'),
    maxWorkflowSteps: pick('advanced.maxWorkflowSteps', d.maxWorkflowSteps, intIn(1, 20), 'a whole number from 1 to 20'),
    stream: pick('stream', d.stream, isBool, 'true or false'),
    requestTimeoutSeconds: pick('requestTimeoutSeconds', d.requestTimeoutSeconds, intIn(5, 600), 'a whole number of seconds from 5 to 600'),
    retries: pick('retries', d.retries, intIn(0, 10), 'a whole number from 0 to 10'),
    openIn: pick('openIn', d.openIn, oneOf(['sidebar', 'editor'] as const), 'sidebar or editor'),
    acpServers,
  };
  if (demo !== undefined && demo !== null && demo !== '') {
    if (isHttpUrl(demo)) settings.demoServerUrl = demo.replace(/\/+$/, '');
    else warn('demo.serverUrl', demo, 'an http(s) URL', '');
  }
  return { settings, warnings };
}
