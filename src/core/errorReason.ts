/**
 * Why an AgentError happened, as data: one member per distinct sentence. The core words a
 * reason in English only here (`englishText`, for logs); the host words it for the user
 * (src/host/errorText.ts). Text that came from a server or an exception (detail, message,
 * cause) is data, never a template. No Node or DOM types: the webview type-imports this file.
 */

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
  | 'manifest' // ACP GET /agents/{name} is not a manifest; `detail` is the name
  | 'run-id' // a run id that is missing or not a valid id
  | 'session-id' // a session id that is not a valid id
  | 'await-without-run'; // an ACP run awaits input but names no run

/** Settings the request builder checks against what the API accepts. */
export type CheckedSetting = 'searchEffort' | 'reportVerbosity' | 'verbosity' | 'maxWorkflowSteps';

export type ErrorReason =
  | { code: 'http-status'; service: string; status: number; credential?: Credential; waitSeconds?: number; detail?: string }
  | { code: 'redirect'; service: string; status: number; location?: string }
  | { code: 'credential-refused'; service: string; url: string; origin: string }
  | { code: 'unreachable'; service: string; url: string; cause?: string }
  | { code: 'connect-timeout'; service: string; seconds: number }
  | { code: 'batch-deadline'; service: string; seconds: number }
  | { code: 'idle-timeout'; seconds: number }
  | { code: 'connection-dropped' }
  | { code: 'interrupted'; service: string }
  | { code: 'too-large'; what: 'response' | 'event'; limitBytes: number }
  | { code: 'stopped' }
  | { code: 'cancelled'; service: string }
  | { code: 'agent-failed'; service: string; message?: string; agentCode?: string }
  | { code: 'protocol'; service?: string; problem: ProtocolProblem; detail?: string }
  | { code: 'unexpected'; message: string }
  | { code: 'bad-endpoint'; service: string; url: string; problem: EndpointProblem; withheld?: 'api-key' | 'token' }
  | { code: 'bad-agent-id'; agent: string }
  | { code: 'empty-question' }
  | { code: 'invalid-setting'; setting: CheckedSetting; value: string; allowed: string }
  | { code: 'unknown-agent'; agentId: string }
  | { code: 'agent-unavailable'; detail: string }
  | { code: 'no-key' };

export type ErrorCode = ErrorReason['code'];

/** Every code once; tests walk it so a new code cannot miss its texts. */
export const ERROR_CODES: readonly ErrorCode[] = [
  'http-status',
  'redirect',
  'credential-refused',
  'unreachable',
  'connect-timeout',
  'batch-deadline',
  'idle-timeout',
  'connection-dropped',
  'interrupted',
  'too-large',
  'stopped',
  'cancelled',
  'agent-failed',
  'protocol',
  'unexpected',
  'bad-endpoint',
  'bad-agent-id',
  'empty-question',
  'invalid-setting',
  'unknown-agent',
  'agent-unavailable',
  'no-key',
];

/** The one place the core words an error: English, for logs and as the default UI text. */
export function englishText(reason: ErrorReason): string {
  switch (reason.code) {
    case 'http-status': {
      const { service, detail } = reason;
      return `${service}: ${statusSummary(reason)}${detail ? ` (${detail})` : ''}`;
    }
    case 'redirect': {
      const where = reason.location ? `redirected to ${reason.location}` : 'answered with a redirect';
      return `${reason.service}: the server ${where} (${reason.status}); redirects are not followed, check the URL in the settings`;
    }
    case 'credential-refused':
      return `${reason.service}: refusing to send the credential to ${reason.url} (it belongs to ${reason.origin})`;
    case 'unreachable':
      return `${reason.service}: could not reach ${reason.url}${reason.cause ? ` (${reason.cause})` : ''}`;
    case 'connect-timeout':
      return `${reason.service}: no response within ${reason.seconds} s`;
    case 'batch-deadline':
      return `${reason.service}: the whole answer did not arrive within ${span(reason.seconds)} (batch mode); it was not asked again`;
    case 'idle-timeout':
      return `the stream went silent for ${reason.seconds} s`;
    case 'connection-dropped':
      return 'the connection dropped before the answer was complete';
    case 'interrupted':
      return `${reason.service}: the stream ended before the answer was complete`;
    case 'too-large':
      return reason.what === 'event'
        ? `the server sent an event larger than ${sizeLabel(reason.limitBytes)}`
        : `the server sent more than the ${sizeLabel(reason.limitBytes)} size limit`;
    case 'stopped':
      return 'stopped';
    case 'cancelled':
      return `${reason.service}: the run was cancelled`;
    case 'agent-failed': {
      const { service, message, agentCode } = reason;
      return `${service}: the agent failed${message ? `: ${message}` : ''}${agentCode ? ` (${agentCode})` : ''}`;
    }
    case 'protocol':
      return `${reason.service ? `${reason.service}: ` : ''}${protocolSummary(reason.problem, reason.detail)}`;
    case 'unexpected':
      return `unexpected failure: ${reason.message}`;
    case 'bad-endpoint': {
      const withheld = reason.withheld === 'api-key' ? '; the API key was not sent' : reason.withheld === 'token' ? '; the token was not sent' : '';
      return `${reason.service}: the URL ${reason.url} ${endpointSummary(reason.problem)}${withheld}`;
    }
    case 'bad-agent-id':
      return `"${reason.agent}" is not an agent id: use express, advanced or a custom agent's UUID`;
    case 'empty-question':
      return 'the question is empty';
    case 'invalid-setting':
      return `the setting ${reason.setting} cannot be "${reason.value}": use ${reason.allowed}`;
    case 'unknown-agent':
      return `the agent ${reason.agentId} is not available; pick another one`;
    case 'agent-unavailable':
      return `the agent is unavailable: ${reason.detail}`;
    case 'no-key':
      return 'no You.com API key is set';
  }
}

function statusSummary({ status, credential, waitSeconds }: Extract<ErrorReason, { code: 'http-status' }>): string {
  if (credential === 'server-token' && (status === 401 || status === 403)) {
    return status === 401 ? 'the server refused the token (401)' : 'the server refused the request (403)';
  }
  switch (status) {
    case 400:
      return 'the request was rejected (400)';
    case 401:
      return 'the API key is missing or invalid (401)';
    case 402:
      return 'the account is out of credits (402)';
    case 403:
      return 'this key may not run this agent or tool (403)';
    case 404:
      return 'unknown agent or endpoint (404)';
    case 422:
      return 'the request was invalid (422)';
    case 429:
      return `too many requests, wait ${waitSeconds ?? DEFAULT_WAIT_SECONDS} s (429)`;
    default:
      return status >= 500 ? `the service failed (${status})` : `unexpected status ${status}`;
  }
}

function protocolSummary(problem: ProtocolProblem, detail: string | undefined): string {
  switch (problem) {
    case 'not-json':
      return 'the server did not answer with JSON';
    case 'content-type':
      return `expected JSON or an event stream, got ${detail || 'no content type'}`;
    case 'no-output':
      return 'the response has no output';
    case 'agent-list':
      return 'GET /agents did not return {agents: [...]}';
    case 'manifest':
      return `GET /agents/${detail ?? ''} did not return an agent manifest`;
    case 'run-id':
      return 'the server sent an invalid run id';
    case 'session-id':
      return 'the server sent an invalid session id';
    case 'await-without-run':
      return 'the run awaits input but has no run id';
  }
}

/** An endpoint problem in English (logs). */
export function endpointSummary(problem: EndpointProblem): string {
  switch (problem) {
    case 'not-url':
      return 'is not a URL';
    case 'not-http':
      return 'must start with https://';
    case 'user-info':
      return 'must not contain a user name or password';
    case 'query':
      return 'must not contain a query (?…) or fragment (#…)';
    case 'plain-http':
      return 'must use https:// (plain http:// is allowed only for localhost)';
  }
}

/** The wait a 429 without Retry-After suggests. */
export const DEFAULT_WAIT_SECONDS = 30;

const MiB = 1024 * 1024;

/** A byte count as the UI shows it: 1.5 MiB, 64 KiB, 100 bytes. */
export function sizeLabel(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

function span(seconds: number): string {
  return seconds >= 60 ? `${Math.round((seconds / 60) * 10) / 10} min` : `${seconds} s`;
}
