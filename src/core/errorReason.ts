/**
 * Why an AgentError happened, as data: one member per distinct sentence, worded once in
 * ./errorText.ts (English for logs, the display language through vscode.l10n.t in the host).
 * Text that came from a server or an exception (detail, message, cause) is data, never a template. No Node or DOM types: the webview type-imports this file.
 */

import type { ResearchProblem } from './you/research';

/** Whose credential the request carried: a 401/403 with a server's own token is not about the You.com key. */
export type Credential = 'you-key' | 'server-token';

/** Why a URL may not receive a question or a credential (see endpointProblem in ./url). */
export type EndpointProblem = 'not-url' | 'not-http' | 'user-info' | 'query' | 'plain-http';

/** What part of an answer the server got wrong. */
export type ProtocolProblem =
  | 'not-json' // a JSON endpoint answered with something else
  | 'content-type' // neither JSON nor an event stream; `detail` is the content type
  | 'no-output' // a You.com batch answer without `output`
  | 'agent-list' // ACP GET /agents is not {agents: [...]}
  | 'run-id' // a run id that is missing or not a valid id
  | 'session-id' // a session id that is not a valid id
  | 'await-without-run' // an ACP run awaits input but names no run
  | 'agent-card' // an A2A Agent Card without a name or any interface
  | 'no-interface' // an A2A Agent Card offers no JSON-RPC or HTTP+JSON interface at 1.0 or 0.3
  | 'task-id' // an A2A task id that is missing or not a valid id
  | 'context-id'; // an A2A context id that is not a valid id

/** Settings the request builder checks against what the API accepts. */
export type CheckedSetting = 'searchEffort' | 'reportVerbosity' | 'verbosity' | 'maxWorkflowSteps';

export type ErrorReason =
  | { code: 'http-status'; service: string; status: number; credential?: Credential; waitSeconds?: number; detail?: string }
  | { code: 'redirect'; service: string; status: number; location?: string }
  | { code: 'credential-refused'; service: string; url: string; origin: string }
  | { code: 'unreachable'; service: string; url: string; cause?: string }
  /** The request went through `proxy` (VS Code's http.proxy or the environment's); `atProxy`: the proxy itself failed. */
  | { code: 'proxy-failed'; service: string; url: string; proxy: string; atProxy: boolean; cause: string }
  | { code: 'connect-timeout'; service: string; seconds: number }
  | { code: 'batch-deadline'; service: string; seconds: number }
  | { code: 'idle-timeout'; seconds: number }
  | { code: 'connection-dropped' }
  | { code: 'interrupted'; service: string }
  | { code: 'too-large'; what: 'response' | 'event'; limitBytes: number }
  | { code: 'stopped' }
  | { code: 'cancelled'; service: string }
  | { code: 'agent-failed'; service: string; message?: string; agentCode?: string }
  /** An A2A task ended REJECTED: the agent declined the request. */
  | { code: 'agent-rejected'; service: string; message?: string }
  /** An A2A task needs credentials the agent asks for out of band (TASK_STATE_AUTH_REQUIRED). */
  | { code: 'agent-needs-auth'; service: string; message?: string }
  /** A JSON-RPC (or A2A) error object from the agent server, `rpcCode` e.g. -32001 task not found. */
  | { code: 'rpc-error'; service: string; rpcCode: number; message?: string }
  /** An Agent Card's interface is on `url`'s origin, not the server's own `origin`: nothing goes there without the user's consent. */
  | { code: 'foreign-interface'; service: string; url: string; origin: string }
  | { code: 'protocol'; service?: string; problem: ProtocolProblem; detail?: string }
  | { code: 'unexpected'; message: string }
  | { code: 'bad-endpoint'; service: string; url: string; problem: EndpointProblem; withheld?: 'api-key' | 'token' }
  | { code: 'bad-agent-id'; agent: string }
  | { code: 'empty-question' }
  | { code: 'invalid-setting'; setting: CheckedSetting; value: string; allowed: string }
  | { code: 'unknown-agent'; agentId: string }
  | { code: 'agent-unavailable'; detail: string }
  | { code: 'no-key' }
  /** 403 "Missing required scopes": the key is not enabled for this You.com product. */
  | { code: 'missing-scope'; service: string; product: string }
  /** A background submit failed after it was sent: it may run (and be billed), so it is not sent again. */
  | { code: 'submit-uncertain'; service: string; cause: string }
  /** GET of a research task said 404. */
  | { code: 'task-not-found'; service: string; taskId: string }
  /** A followed task did not reach a final status in time; it may still finish. */
  | { code: 'task-timeout'; service: string; taskId: string; minutes: number }
  /** A research question or its source control cannot be sent (src/core/you/research.ts). */
  | { code: 'invalid-research'; problem: ResearchProblem };

export type ErrorCode = ErrorReason['code'];

/** Every code once; tests walk it so a new code cannot miss its texts. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'http-status',
  'redirect',
  'credential-refused',
  'unreachable',
  'proxy-failed',
  'connect-timeout',
  'batch-deadline',
  'idle-timeout',
  'connection-dropped',
  'interrupted',
  'too-large',
  'stopped',
  'cancelled',
  'agent-failed',
  'agent-rejected',
  'agent-needs-auth',
  'rpc-error',
  'foreign-interface',
  'protocol',
  'unexpected',
  'bad-endpoint',
  'bad-agent-id',
  'empty-question',
  'invalid-setting',
  'unknown-agent',
  'agent-unavailable',
  'no-key',
  'missing-scope',
  'submit-uncertain',
  'task-not-found',
  'task-timeout',
  'invalid-research',
];

/** The wait a 429 without Retry-After suggests. */
export const DEFAULT_WAIT_SECONDS = 30;

const MiB = 1024 * 1024;

/** A byte count as the UI shows it: 1.5 MiB, 64 KiB, 100 bytes. */
export function sizeLabel(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}
