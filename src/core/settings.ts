import { DEFAULT_MAX_KILOBYTES } from './context/attachments';
import type { EndpointProblem } from './errorReason';
import { displayUrl, endpointProblem } from './url';
import type { ReportVerbosity, SearchEffort, Verbosity } from './you/request';
import { RESEARCH_EFFORTS, type ResearchEffort } from './you/research';

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
  /** The cap on context attached to one question, in kilobytes (`context.maxKilobytes`). */
  contextMaxKilobytes: number;
  /** Questions from commands go to VS Code's Chat view (`@you`) where it exists. */
  preferNativeChat: boolean;
  /** Questions about code say which versions of the libraries it imports the project uses (`context.libraryVersions`). */
  libraryVersions: boolean;
  /** You.com Research (`research.*`), from the user's settings only. */
  researchApi: ResearchApiSettings;
}

export interface ResearchApiSettings {
  defaultEffort: ResearchEffort;
  /** Save Report's folder, relative to the workspace folder. */
  reportFolder: string;
  /** `research.sourceControl` as the user wrote it; checked by checkSourceControl (src/core/you/research.ts) where it is used. */
  sourceControl: unknown;
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
  contextMaxKilobytes: DEFAULT_MAX_KILOBYTES,
  preferNativeChat: false,
  libraryVersions: true,
  researchApi: { defaultEffort: 'standard', reportFolder: 'research', sourceControl: undefined },
};

/** `youAgents.context.maxKilobytes`, and its upper bound (package.json says the same). */
export const MAX_KILOBYTES_SETTING = 'context.maxKilobytes';
export const MAX_KILOBYTES_LIMIT = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Settings that decide where a credential or a question goes. Only the user's own settings may
 * set them: a workspace's .vscode/settings.json comes with a cloned repository, and must not be
 * able to send the API key, an ACP token or the user's questions to a server of its choosing.
 */
export const ENDPOINT_SETTINGS = ['baseUrl', 'demo.serverUrl', 'acp.servers'] as const;
export type EndpointSetting = (typeof ENDPOINT_SETTINGS)[number];

/**
 * Settings read from the user level only: the endpoints, and the custom agents (a workspace
 * listing its own agent id would choose which account's agent receives the user's code).
 * `defaultAgent` is read from a workspace only when it picks `express` or `advanced`.
 */
export const USER_ONLY_SETTINGS = [...ENDPOINT_SETTINGS, 'customAgents'] as const;
/** The `defaultAgent` values a workspace may pick: both run at the user's own You.com origin. */
export const WORKSPACE_DEFAULT_AGENTS: readonly string[] = ['express', 'advanced'];

/** `youAgents.*` values by level, so endpoint settings can be read from the user level only. */
export interface SettingsSource {
  /** The merged value of every level (default < user < workspace < folder). */
  get(key: string): unknown;
  /** The user-level (global) value, undefined when the user did not set it. */
  userValue(key: string): unknown;
  /** True when a workspace, workspace-folder or language-specific workspace value is present. */
  workspaceValueSet(key: string): boolean;
}

/** What a setting's value must be, as data; the host words it (src/host/common/settingsText.ts). */
export type SettingExpectation =
  | { kind: 'boolean' }
  | { kind: 'one-of'; values: readonly string[] }
  | { kind: 'integer'; min: number; max: number; unit?: 'seconds' | 'minutes' | 'kilobytes' }
  | { kind: 'agent-id' }
  | { kind: 'custom-agent-list' }
  | { kind: 'acp-server-list' }
  | { kind: 'folder' }
  | { kind: 'object' };

/**
 * A bad setting value and what is done instead, as data: the host words it for the user (and, in
 * English, for the log). `key` is the name after `youAgents.`. Values are shown as JSON, a URL
 * without its user info, query or fragment, and a list or object of an endpoint setting only as
 * `[…]` / `{…}`; nothing here is a sentence.
 */
export type SettingWarning =
  /** Not what `expected` says; `fallback` (JSON) is used. */
  | { code: 'invalid'; key: string; value: string; expected: SettingExpectation; fallback: string }
  /** A URL that may not receive a credential: `fallback` (JSON) is used, or without one the setting is not used. */
  | { code: 'bad-url'; key: EndpointSetting; value: string; problem: EndpointProblem; fallback?: string }
  /** A `customAgents` entry without a name or a UUID id; skipped. */
  | { code: 'bad-custom-agent'; value: string }
  /** An `acp.servers` entry whose name is missing, malformed or taken (`name` is JSON, absent when not a string); skipped. */
  | { code: 'bad-acp-name'; name?: string }
  /** An `acp.servers` entry whose url may not receive a token or questions; skipped. */
  | { code: 'bad-acp-url'; name: string; url: string; problem: EndpointProblem };

export type SettingWarningCode = SettingWarning['code'];

export interface SettingsResult {
  settings: Settings;
  /** One per bad value; never contains a URL's user info, query or fragment. */
  warnings: SettingWarning[];
  /** User-only settings (`youAgents.` names) whose workspace value was present and ignored. */
  ignoredWorkspace: string[];
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

const isUserOnly = (key: string): boolean => (USER_ONLY_SETTINGS as readonly string[]).includes(key);

/**
 * A value of an endpoint setting fit for a warning: a string that could be a URL without user
 * info, query or fragment; a list or an object (which could hold one) only as `[…]` / `{…}`.
 */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(withoutSecrets(value));
  if (Array.isArray(value)) return '[…]';
  if (typeof value === 'object' && value !== null) return '{…}';
  return String(JSON.stringify(value));
}

/**
 * A workspace's `defaultAgent` counts only when it names `express` or `advanced`; a custom or
 * ACP agent there would let a repository choose who receives the user's questions.
 */
function workspaceMayPickAgent(source: SettingsSource): boolean {
  if (!source.workspaceValueSet('defaultAgent')) return true;
  const merged = source.get('defaultAgent');
  return typeof merged === 'string' && WORKSPACE_DEFAULT_AGENTS.includes(merged.trim());
}

/**
 * Reads `youAgents.*` and validates each value. A bad value never blocks the user: it is replaced
 * by its default and reported in `warnings`, one each. Endpoint settings
 * and custom agents (USER_ONLY_SETTINGS) come only from the user level, and `defaultAgent` too
 * unless the workspace picks `express` or `advanced`; a workspace value is reported in
 * `ignoredWorkspace` and otherwise ignored.
 */
export function readSettings(source: SettingsSource): SettingsResult {
  const warnings: SettingWarning[] = [];
  const ignoredWorkspace: string[] = [];
  const d = DEFAULT_SETTINGS;
  const get = (key: string): unknown => {
    const userOnly = isUserOnly(key) || (key === 'defaultAgent' && !workspaceMayPickAgent(source));
    if (!userOnly) return source.get(key);
    if (source.workspaceValueSet(key)) ignoredWorkspace.push(`youAgents.${key}`);
    return source.userValue(key);
  };
  const warn = (key: string, value: unknown, expected: SettingExpectation, fallback: unknown) =>
    warnings.push({ code: 'invalid', key, value: String(JSON.stringify(value)), expected, fallback: JSON.stringify(fallback) });

  function pick<T>(key: string, fallback: T, ok: (v: unknown) => v is T, expected: SettingExpectation): T {
    const value = get(key);
    if (value === undefined || value === null) return fallback;
    if (ok(value)) return value;
    warn(key, value, expected, fallback);
    return fallback;
  }
  /** A check and what it expects, for pick. */
  type Rule<T> = [ok: (v: unknown) => v is T, expected: SettingExpectation];
  const oneOf = <T extends string>(values: readonly T[]): Rule<T> => [
    (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v),
    { kind: 'one-of', values },
  ];
  const bool: Rule<boolean> = [(v: unknown): v is boolean => typeof v === 'boolean', { kind: 'boolean' }];
  const intIn = (min: number, max: number, unit?: 'seconds' | 'minutes' | 'kilobytes'): Rule<number> => [
    (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
    { kind: 'integer', min, max, ...(unit ? { unit } : {}) },
  ];
  const rule = <T>(key: string, fallback: T, [ok, expected]: Rule<T>): T => pick(key, fallback, ok, expected);
  /** What research costs and which sources it reads are the user's call: a workspace value is ignored (and reported). */
  const userRule = <T>(key: string, fallback: T, [ok, expected]: Rule<T>): T => {
    if (source.workspaceValueSet(key)) ignoredWorkspace.push(`youAgents.${key}`);
    const value = source.userValue(key);
    if (value === undefined || value === null) return fallback;
    if (ok(value)) return value;
    warn(key, value, expected, fallback);
    return fallback;
  };
  /** Undefined (with a warning) unless `value` is a URL that may receive a credential. */
  const endpoint = (key: EndpointSetting, value: unknown, fallback: string | undefined): string | undefined => {
    const problem = typeof value === 'string' ? endpointProblem(value) : 'not-url';
    if (problem === undefined) return (value as string).replace(/\/+$/, '');
    warnings.push({ code: 'bad-url', key, value: shown(value), problem, ...(fallback === undefined ? {} : { fallback: JSON.stringify(fallback) }) });
    return undefined;
  };

  const customAgents: CustomAgentSetting[] = [];
  const rawAgents = get('customAgents');
  if (Array.isArray(rawAgents)) {
    for (const item of rawAgents) {
      const { name, id } = (item ?? {}) as Partial<CustomAgentSetting>;
      if (typeof name === 'string' && name.trim() && typeof id === 'string' && UUID.test(id.trim())) customAgents.push({ name: name.trim(), id: id.trim() });
      else warnings.push({ code: 'bad-custom-agent', value: String(JSON.stringify(item)) });
    }
  } else if (rawAgents !== undefined && rawAgents !== null) {
    warn('customAgents', rawAgents, { kind: 'custom-agent-list' }, []);
  }

  const acpServers: AcpServerSetting[] = [];
  const rawServers = get('acp.servers');
  if (Array.isArray(rawServers)) {
    const names = new Set<string>();
    for (const item of rawServers) {
      const { name, url, tokenSecret } = (item ?? {}) as Partial<AcpServerSetting>;
      if (typeof name !== 'string' || !/^[\w .-]{1,40}$/.test(name) || names.has(name)) {
        warnings.push({ code: 'bad-acp-name', ...(typeof name === 'string' ? { name: JSON.stringify(name) } : {}) });
        continue;
      }
      const problem = typeof url === 'string' ? endpointProblem(url) : 'not-url';
      if (problem !== undefined) {
        warnings.push({ code: 'bad-acp-url', name: JSON.stringify(name), url: shown(url), problem });
        continue;
      }
      names.add(name);
      acpServers.push({ name, url: (url as string).replace(/\/+$/, ''), ...(typeof tokenSecret === 'string' && tokenSecret ? { tokenSecret } : {}) });
    }
  } else if (rawServers !== undefined && rawServers !== null) {
    warnings.push({ code: 'invalid', key: 'acp.servers', value: shown(rawServers), expected: { kind: 'acp-server-list' }, fallback: '[]' });
  }

  const rawBase = get('baseUrl');
  const baseUrl = rawBase === undefined || rawBase === null ? d.baseUrl : (endpoint('baseUrl', rawBase, d.baseUrl) ?? d.baseUrl);
  const demo = get('demo.serverUrl');
  const settings: Settings = {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    defaultAgent: pick('defaultAgent', d.defaultAgent, (v): v is string => typeof v === 'string' && v.trim().length > 0, { kind: 'agent-id' }),
    customAgents,
    research: {
      enabled: rule('advanced.research.enabled', d.research.enabled, bool),
      searchEffort: rule('advanced.research.searchEffort', d.research.searchEffort, oneOf(['auto', 'low', 'medium', 'high'] as const)),
      reportVerbosity: rule('advanced.research.reportVerbosity', d.research.reportVerbosity, oneOf(['medium', 'high'] as const)),
    },
    compute: rule('advanced.compute.enabled', d.compute, bool),
    verbosity: rule('advanced.verbosity', d.verbosity, oneOf(['medium', 'high'] as const)),
    maxWorkflowSteps: rule('advanced.maxWorkflowSteps', d.maxWorkflowSteps, intIn(1, 20)),
    stream: rule('stream', d.stream, bool),
    requestTimeoutSeconds: rule('requestTimeoutSeconds', d.requestTimeoutSeconds, intIn(5, 600, 'seconds')),
    batchTimeoutMinutes: rule('batchTimeoutMinutes', d.batchTimeoutMinutes, intIn(1, 60, 'minutes')),
    retries: rule('retries', d.retries, intIn(0, 10)),
    openIn: rule('openIn', d.openIn, oneOf(['sidebar', 'editor'] as const)),
    sendKey: rule('sendKey', d.sendKey, oneOf(['enter', 'ctrlEnter'] as const)),
    acpServers,
    contextMaxKilobytes: rule(MAX_KILOBYTES_SETTING, d.contextMaxKilobytes, intIn(1, MAX_KILOBYTES_LIMIT, 'kilobytes')),
    preferNativeChat: rule('preferNativeChat', d.preferNativeChat, bool),
    libraryVersions: rule('context.libraryVersions', d.libraryVersions, bool),
    researchApi: {
      defaultEffort: userRule('research.defaultEffort', d.researchApi.defaultEffort, oneOf(RESEARCH_EFFORTS)),
      reportFolder: userRule('research.reportFolder', d.researchApi.reportFolder, [
        (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= 200,
        { kind: 'folder' },
      ]),
      sourceControl: userRule('research.sourceControl', undefined as unknown, [(v: unknown): v is unknown => typeof v === 'object', { kind: 'object' }]),
    },
  };
  if (demo !== undefined && demo !== null && demo !== '') {
    const url = endpoint('demo.serverUrl', demo, undefined);
    if (url !== undefined) settings.demoServerUrl = url;
  }
  return { settings, warnings, ignoredWorkspace };
}
