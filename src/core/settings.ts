import { endpointSummary } from './errorReason';
import { displayUrl, endpointProblem } from './url';
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
  /** Whole-run deadline of a non-streamed run, in minutes. */
  batchTimeoutMinutes: number;
  retries: number;
  openIn: 'sidebar' | 'editor';
  /** Enter sends (Shift+Enter: new line), or Ctrl/Cmd+Enter sends (Enter: new line). */
  sendKey: 'enter' | 'ctrlEnter';
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
  batchTimeoutMinutes: 10,
  retries: 3,
  openIn: 'sidebar',
  sendKey: 'enter',
  acpServers: [],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Settings that decide where a credential or a question goes. Only the user's own settings may
 * set them: a workspace's .vscode/settings.json comes with a cloned repository, and must not be
 * able to send the API key, an ACP token or the user's questions to a server of its choosing.
 */
export const ENDPOINT_SETTINGS = ['baseUrl', 'demo.serverUrl', 'acp.servers'] as const;
export type EndpointSetting = (typeof ENDPOINT_SETTINGS)[number];

/** `youAgents.*` values by level, so endpoint settings can be read from the user level only. */
export interface SettingsSource {
  /** The merged value of every level (default < user < workspace < folder). */
  get(key: string): unknown;
  /** The user-level (global) value, undefined when the user did not set it. */
  userValue(key: string): unknown;
  /** True when a workspace, workspace-folder or language-specific workspace value is present. */
  workspaceValueSet(key: string): boolean;
}

export interface SettingsResult {
  settings: Settings;
  /** One sentence per bad value; never contains a URL's user info, query or fragment. */
  warnings: string[];
  /** Endpoint settings (`youAgents.` names) whose workspace value was present and ignored. */
  ignoredWorkspace: string[];
}

/** What the user is told when a workspace tried to set an endpoint setting. */
export function ignoredWorkspaceMessage(setting: string): string {
  return `${setting} set by this workspace is ignored: only your user settings decide where your key and questions go.`;
}

/** displayUrl for http(s); other schemes (whose origin is "null") keep scheme, host and path only. */
function withoutSecrets(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return displayUrl(value);
    return `${url.protocol}${url.host ? `//${url.host}` : ''}${url.pathname}`;
  } catch {
    return displayUrl(value);
  }
}

const isEndpoint = (key: string): key is EndpointSetting => (ENDPOINT_SETTINGS as readonly string[]).includes(key);

/** A value fit for a warning: a string that could be a URL is shown without user info, query or fragment. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(withoutSecrets(value));
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : typeof value;
}

/**
 * Reads `youAgents.*` and validates each value. A bad value never blocks the user: it is replaced
 * by its default and reported in `warnings`, one sentence each. Endpoint settings
 * (ENDPOINT_SETTINGS) come only from the user level; a workspace value is reported in
 * `ignoredWorkspace` and otherwise ignored.
 */
export function readSettings(source: SettingsSource): SettingsResult {
  const warnings: string[] = [];
  const ignoredWorkspace: string[] = [];
  const d = DEFAULT_SETTINGS;
  const get = (key: string): unknown => {
    if (!isEndpoint(key)) return source.get(key);
    if (source.workspaceValueSet(key)) ignoredWorkspace.push(`youAgents.${key}`);
    return source.userValue(key);
  };
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
  /** Undefined (with a warning) unless `value` is a URL that may receive a credential. */
  const endpoint = (key: EndpointSetting, value: unknown, consequence: string): string | undefined => {
    const problem = typeof value === 'string' ? endpointProblem(value) : 'not-url';
    if (problem === undefined) return (value as string).replace(/\/+$/, '');
    warnings.push(`youAgents.${key}: ${shown(value)} ${endpointSummary(problem)}; ${consequence}.`);
    return undefined;
  };

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
      const label = typeof name === 'string' ? JSON.stringify(name) : 'an entry';
      if (typeof name !== 'string' || !/^[\w .-]{1,40}$/.test(name) || names.has(name)) {
        warnings.push(`youAgents.acp.servers: ${label} needs a unique name (letters, digits, space, . _ -; at most 40); skipped.`);
        continue;
      }
      const problem = typeof url === 'string' ? endpointProblem(url) : 'not-url';
      if (problem !== undefined) {
        warnings.push(`youAgents.acp.servers: the url of ${label} (${shown(url)}) ${endpointSummary(problem)}; skipped.`);
        continue;
      }
      names.add(name);
      acpServers.push({ name, url: (url as string).replace(/\/+$/, ''), ...(typeof tokenSecret === 'string' && tokenSecret ? { tokenSecret } : {}) });
    }
  } else if (rawServers !== undefined && rawServers !== null) {
    warnings.push(`youAgents.acp.servers: ${shown(rawServers)} is not a list of {name, url}; using [].`);
  }

  const rawBase = get('baseUrl');
  const baseUrl = rawBase === undefined || rawBase === null ? d.baseUrl : endpoint('baseUrl', rawBase, `using ${JSON.stringify(d.baseUrl)}`) ?? d.baseUrl;
  const demo = get('demo.serverUrl');
  const settings: Settings = {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    defaultAgent: pick('defaultAgent', d.defaultAgent, (v): v is string => typeof v === 'string' && v.trim().length > 0, 'an agent id'),
    customAgents,
    research: {
      enabled: pick('advanced.research.enabled', d.research.enabled, isBool, 'true or false'),
      searchEffort: pick(
        'advanced.research.searchEffort',
        d.research.searchEffort,
        oneOf(['auto', 'low', 'medium', 'high'] as const),
        'auto, low, medium or high',
      ),
      reportVerbosity: pick('advanced.research.reportVerbosity', d.research.reportVerbosity, oneOf(['medium', 'high'] as const), 'medium or high'),
    },
    compute: pick('advanced.compute.enabled', d.compute, isBool, 'true or false'),
    verbosity: pick('advanced.verbosity', d.verbosity, oneOf(['medium', 'high'] as const), 'medium or high'),
    maxWorkflowSteps: pick('advanced.maxWorkflowSteps', d.maxWorkflowSteps, intIn(1, 20), 'a whole number from 1 to 20'),
    stream: pick('stream', d.stream, isBool, 'true or false'),
    requestTimeoutSeconds: pick('requestTimeoutSeconds', d.requestTimeoutSeconds, intIn(5, 600), 'a whole number of seconds from 5 to 600'),
    batchTimeoutMinutes: pick('batchTimeoutMinutes', d.batchTimeoutMinutes, intIn(1, 60), 'a whole number of minutes from 1 to 60'),
    retries: pick('retries', d.retries, intIn(0, 10), 'a whole number from 0 to 10'),
    openIn: pick('openIn', d.openIn, oneOf(['sidebar', 'editor'] as const), 'sidebar or editor'),
    sendKey: pick('sendKey', d.sendKey, oneOf(['enter', 'ctrlEnter'] as const), 'enter or ctrlEnter'),
    acpServers,
  };
  if (demo !== undefined && demo !== null && demo !== '') {
    const url = endpoint('demo.serverUrl', demo, 'the demo server is not used');
    if (url !== undefined) settings.demoServerUrl = url;
  }
  return { settings, warnings, ignoredWorkspace };
}
