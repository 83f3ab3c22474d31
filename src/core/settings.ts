import { DEFAULT_MAX_KILOBYTES } from './context/attachments';
import { readAgentServerList, type AgentServerListKey, type AgentServerSetting } from './agentServerSettings';
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
  /** The You.com search host (Search, Contents); the key goes there and to `baseUrl` only. */
  searchBaseUrl: string;
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
  /** Every agent server: `agentServers`, then `acp.servers` (read as ACP); names unique across both. */
  agentServers: AgentServerSetting[];
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
  searchBaseUrl: 'https://ydc-index.io',
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
  agentServers: [],
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
export const ENDPOINT_SETTINGS = ['baseUrl', 'searchBaseUrl', 'demo.serverUrl', 'acp.servers', 'agentServers'] as const;
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
  /** A server list entry whose name is missing, malformed or taken (`name` is JSON, absent when not a string); skipped. `key` absent: `acp.servers`. */
  | { code: 'bad-acp-name'; key?: AgentServerListKey; name?: string }
  /** A server list entry whose url may not receive a token or questions; skipped. `key` absent: `acp.servers`. */
  | { code: 'bad-acp-url'; key?: AgentServerListKey; name: string; url: string; problem: EndpointProblem };

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
 * `ignoredWorkspace` and otherwise ignored. Each group of settings has its reader below.
 */
export function readSettings(source: SettingsSource): SettingsResult {
  const reader = new SettingsReader(source);
  const settings: Settings = {
    ...readAgents(reader),
    ...readEndpoints(reader),
    ...readAdvanced(reader),
    ...readNetwork(reader),
    ...readUi(reader),
    ...readContext(reader),
    researchApi: readResearch(reader),
  };
  return { settings, warnings: reader.warnings, ignoredWorkspace: reader.ignoredWorkspace };
}

/** A check and what it expects. */
type Rule<T> = [ok: (v: unknown) => v is T, expected: SettingExpectation];
const oneOf = <T extends string>(values: readonly T[]): Rule<T> => [
  (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v),
  { kind: 'one-of', values },
];
const BOOL: Rule<boolean> = [(v: unknown): v is boolean => typeof v === 'boolean', { kind: 'boolean' }];
const intIn = (min: number, max: number, unit?: 'seconds' | 'minutes' | 'kilobytes'): Rule<number> => [
  (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
  { kind: 'integer', min, max, ...(unit ? { unit } : {}) },
];
const AGENT_ID: Rule<string> = [(v): v is string => typeof v === 'string' && v.trim().length > 0, { kind: 'agent-id' }];

/** Reads values by the level rules and collects what was wrong with them. */
class SettingsReader {
  readonly warnings: SettingWarning[] = [];
  readonly ignoredWorkspace: string[] = [];

  constructor(private readonly source: SettingsSource) {}

  /** The value at the level it may come from (user-only settings from the user level). */
  get(key: string): unknown {
    const userOnly = isUserOnly(key) || (key === 'defaultAgent' && !workspaceMayPickAgent(this.source));
    if (!userOnly) return this.source.get(key);
    if (this.source.workspaceValueSet(key)) this.ignoredWorkspace.push(`youAgents.${key}`);
    return this.source.userValue(key);
  }

  /** The value when it passes `rule`; else `fallback`, with a warning unless it is unset. */
  rule<T>(key: string, fallback: T, [ok, expected]: Rule<T>): T {
    const value = this.get(key);
    if (value === undefined || value === null) return fallback;
    if (ok(value)) return value;
    this.invalid(key, value, expected, fallback);
    return fallback;
  }

  /** `rule` at the user level only; a workspace value is reported in `ignoredWorkspace`. */
  userRule<T>(key: string, fallback: T, [ok, expected]: Rule<T>): T {
    if (this.source.workspaceValueSet(key)) this.ignoredWorkspace.push(`youAgents.${key}`);
    const value = this.source.userValue(key);
    if (value === undefined || value === null) return fallback;
    if (ok(value)) return value;
    this.invalid(key, value, expected, fallback);
    return fallback;
  }

  invalid(key: string, value: unknown, expected: SettingExpectation, fallback: unknown): void {
    this.warnings.push({ code: 'invalid', key, value: String(JSON.stringify(value)), expected, fallback: JSON.stringify(fallback) });
  }

  /** Undefined (with a warning) unless `value` is a URL that may receive a credential. */
  endpoint(key: EndpointSetting, value: unknown, fallback: string | undefined): string | undefined {
    const problem = typeof value === 'string' ? endpointProblem(value) : 'not-url';
    if (problem === undefined) return (value as string).replace(/\/+$/, '');
    const shownFallback = fallback === undefined ? {} : { fallback: JSON.stringify(fallback) };
    this.warnings.push({ code: 'bad-url', key, value: shown(value), problem, ...shownFallback });
    return undefined;
  }
}

/** `defaultAgent` and `customAgents`. */
function readAgents(reader: SettingsReader): Pick<Settings, 'defaultAgent' | 'customAgents'> {
  const customAgents: CustomAgentSetting[] = [];
  const raw = reader.get('customAgents');
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const { name, id } = (item ?? {}) as Partial<CustomAgentSetting>;
      if (typeof name === 'string' && name.trim() && typeof id === 'string' && UUID.test(id.trim())) customAgents.push({ name: name.trim(), id: id.trim() });
      else reader.warnings.push({ code: 'bad-custom-agent', value: String(JSON.stringify(item)) });
    }
  } else if (raw !== undefined && raw !== null) {
    reader.invalid('customAgents', raw, { kind: 'custom-agent-list' }, []);
  }
  return { customAgents, defaultAgent: reader.rule('defaultAgent', DEFAULT_SETTINGS.defaultAgent, AGENT_ID) };
}

/** Where questions and credentials go: `baseUrl`, `searchBaseUrl`, `demo.serverUrl`, `agentServers` and `acp.servers`. */
function readEndpoints(reader: SettingsReader): Pick<Settings, 'baseUrl' | 'searchBaseUrl' | 'demoServerUrl' | 'acpServers' | 'agentServers'> {
  const { agentServers, acpServers } = readAgentServers(reader);
  /** A base URL that may receive the key, else its default (with a warning). */
  const base = (key: 'baseUrl' | 'searchBaseUrl'): string => {
    const fallback = DEFAULT_SETTINGS[key];
    const raw = reader.get(key);
    const value = raw === undefined || raw === null ? fallback : (reader.endpoint(key, raw, fallback) ?? fallback);
    return value.replace(/\/+$/, '');
  };
  const [baseUrl, searchBaseUrl] = [base('baseUrl'), base('searchBaseUrl')];
  const demo = reader.get('demo.serverUrl');
  const demoServerUrl = demo !== undefined && demo !== null && demo !== '' ? reader.endpoint('demo.serverUrl', demo, undefined) : undefined;
  return { baseUrl, searchBaseUrl, ...(demoServerUrl === undefined ? {} : { demoServerUrl }), acpServers, agentServers };
}

/**
 * `agentServers`, then `acp.servers` read into the same list as ACP servers (the newer list's
 * names win; an `acp.servers` entry with a taken name is reported). `acpServers` is the older list alone.
 */
function readAgentServers(reader: SettingsReader): Pick<Settings, 'acpServers' | 'agentServers'> {
  const agentServers: AgentServerSetting[] = [];
  readAgentServerList('agentServers', reader.get('agentServers'), agentServers, reader.warnings, shown);
  const fromAcpList = agentServers.length;
  readAgentServerList('acp.servers', reader.get('acp.servers'), agentServers, reader.warnings, shown);
  const acpServers: AcpServerSetting[] = agentServers.slice(fromAcpList).map(({ protocol: _acp, ...server }) => server);
  return { agentServers, acpServers };
}

/** `advanced.*`: research, compute, verbosity and workflow steps of the advanced agent. */
function readAdvanced(reader: SettingsReader): Pick<Settings, 'research' | 'compute' | 'verbosity' | 'maxWorkflowSteps'> {
  const d = DEFAULT_SETTINGS;
  return {
    research: {
      enabled: reader.rule('advanced.research.enabled', d.research.enabled, BOOL),
      searchEffort: reader.rule('advanced.research.searchEffort', d.research.searchEffort, oneOf(['auto', 'low', 'medium', 'high'] as const)),
      reportVerbosity: reader.rule('advanced.research.reportVerbosity', d.research.reportVerbosity, oneOf(['medium', 'high'] as const)),
    },
    compute: reader.rule('advanced.compute.enabled', d.compute, BOOL),
    verbosity: reader.rule('advanced.verbosity', d.verbosity, oneOf(['medium', 'high'] as const)),
    maxWorkflowSteps: reader.rule('advanced.maxWorkflowSteps', d.maxWorkflowSteps, intIn(1, 20)),
  };
}

/** Streaming, timeouts and retries. */
function readNetwork(reader: SettingsReader): Pick<Settings, 'stream' | 'requestTimeoutSeconds' | 'batchTimeoutMinutes' | 'retries'> {
  const d = DEFAULT_SETTINGS;
  return {
    stream: reader.rule('stream', d.stream, BOOL),
    requestTimeoutSeconds: reader.rule('requestTimeoutSeconds', d.requestTimeoutSeconds, intIn(5, 600, 'seconds')),
    batchTimeoutMinutes: reader.rule('batchTimeoutMinutes', d.batchTimeoutMinutes, intIn(1, 60, 'minutes')),
    retries: reader.rule('retries', d.retries, intIn(0, 10)),
  };
}

/** Where the chat opens, which key sends, and whether commands ask in VS Code's Chat view. */
function readUi(reader: SettingsReader): Pick<Settings, 'openIn' | 'sendKey' | 'preferNativeChat'> {
  const d = DEFAULT_SETTINGS;
  return {
    openIn: reader.rule('openIn', d.openIn, oneOf(['sidebar', 'editor'] as const)),
    sendKey: reader.rule('sendKey', d.sendKey, oneOf(['enter', 'ctrlEnter'] as const)),
    preferNativeChat: reader.rule('preferNativeChat', d.preferNativeChat, BOOL),
  };
}

/** `context.*`: what goes with a question. */
function readContext(reader: SettingsReader): Pick<Settings, 'contextMaxKilobytes' | 'libraryVersions'> {
  const d = DEFAULT_SETTINGS;
  return {
    contextMaxKilobytes: reader.rule(MAX_KILOBYTES_SETTING, d.contextMaxKilobytes, intIn(1, MAX_KILOBYTES_LIMIT, 'kilobytes')),
    libraryVersions: reader.rule('context.libraryVersions', d.libraryVersions, BOOL),
  };
}

/**
 * `research.*`: what research costs and which sources it reads are the user's call, not a cloned
 * repository's, so they come from the user level only (a workspace value is reported and ignored).
 */
function readResearch(reader: SettingsReader): ResearchApiSettings {
  const d = DEFAULT_SETTINGS.researchApi;
  const folder: Rule<string> = [(v): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= 200, { kind: 'folder' }];
  const object: Rule<unknown> = [(v): v is unknown => typeof v === 'object', { kind: 'object' }];
  return {
    defaultEffort: reader.userRule('research.defaultEffort', d.defaultEffort, oneOf(RESEARCH_EFFORTS)),
    reportFolder: reader.userRule('research.reportFolder', d.reportFolder, folder),
    sourceControl: reader.userRule('research.sourceControl', d.sourceControl, object),
  };
}
