import { DEFAULT_WAIT_SECONDS, sizeLabel, type EndpointProblem, type ErrorReason, type ProtocolProblem } from './errorReason';
import { untranslated, type Translate } from './translate';
import type { ResearchProblem } from './you/research';

/**
 * The one wording of every error reason: one template per sentence, each a literal string so the
 * l10n export finds it. The host passes vscode.l10n.t (the display language); AgentError.message,
 * logs and tests use the English identity (`untranslated`, the default). Values from servers and
 * exceptions are only ever arguments, never templates.
 */

type Reason<C extends ErrorReason['code']> = Extract<ErrorReason, { code: C }>;

export function errorText(reason: ErrorReason, t: Translate = untranslated): string {
  return (TEXTS[reason.code] as (reason: ErrorReason, t: Translate) => string)(reason, t);
}

/** One entry per reason code (the compiler checks that none is missing). */
const TEXTS: { [C in ErrorReason['code']]: (reason: Reason<C>, t: Translate) => string } = {
  'http-status': (reason, t) => (reason.detail ? t('{0} (the server said: {1})', statusText(reason, t), reason.detail) : statusText(reason, t)),
  redirect: (reason, t) =>
    reason.location
      ? t('{0}: the server redirected to {1} ({2}); redirects are not followed, check the URL in the settings', reason.service, reason.location, reason.status)
      : t('{0}: the server answered with a redirect ({1}); redirects are not followed, check the URL in the settings', reason.service, reason.status),
  'credential-refused': (reason, t) => t('{0}: refusing to send the credential to {1} (it belongs to {2})', reason.service, reason.url, reason.origin),
  unreachable: (reason, t) =>
    reason.cause ? t('{0}: could not reach {1} ({2})', reason.service, reason.url, reason.cause) : t('{0}: could not reach {1}', reason.service, reason.url),
  'proxy-failed': (reason, t) =>
    reason.atProxy
      ? t(
          '{0}: could not connect to the proxy {1} ({2}) to reach {3}; check http.proxy in the settings',
          reason.service,
          reason.proxy,
          reason.cause,
          reason.url,
        )
      : t('{0}: could not reach {1} through the proxy {2} ({3})', reason.service, reason.url, reason.proxy, reason.cause),
  'connect-timeout': (reason, t) => t('{0}: no response within {1} s', reason.service, reason.seconds),
  'batch-deadline': (reason, t) =>
    reason.seconds >= 60
      ? t('{0}: the whole answer did not arrive within {1} min (batch mode); it was not asked again', reason.service, minutes(reason.seconds))
      : t('{0}: the whole answer did not arrive within {1} s (batch mode); it was not asked again', reason.service, reason.seconds),
  'idle-timeout': (reason, t) => t('The stream went silent for {0} s.', reason.seconds),
  'connection-dropped': (_, t) => t('The connection dropped before the answer was complete.'),
  interrupted: (reason, t) => t('{0}: the stream ended before the answer was complete', reason.service),
  'too-large': (reason, t) =>
    reason.what === 'event'
      ? t('The server sent an event larger than {0}.', sizeLabel(reason.limitBytes))
      : t('The server sent more than the {0} size limit.', sizeLabel(reason.limitBytes)),
  stopped: (_, t) => t('Stopped.'),
  cancelled: (reason, t) => t('{0}: the run was cancelled', reason.service),
  'agent-failed': (reason, t) => agentFailedText(reason, t),
  'agent-rejected': (reason, t) =>
    reason.message ? t('{0}: the agent declined the request: {1}', reason.service, reason.message) : t('{0}: the agent declined the request', reason.service),
  'agent-needs-auth': (reason, t) =>
    reason.message
      ? t('{0}: the agent needs authorization to go on: {1}', reason.service, reason.message)
      : t('{0}: the agent needs authorization to go on; check its token in the settings', reason.service),
  'rpc-error': (reason, t) =>
    reason.message
      ? t('{0}: the agent server refused the request: {1} (code {2})', reason.service, reason.message, reason.rpcCode)
      : t('{0}: the agent server refused the request (code {1})', reason.service, reason.rpcCode),
  'foreign-interface': (reason, t) =>
    t('{0}: the agent card sends requests to {1}, not to the server\'s own origin {2}; nothing was sent there', reason.service, reason.url, reason.origin),
  protocol: (reason, t) => (reason.service ? t('{0}: {1}', reason.service, protocolText(reason, t)) : protocolText(reason, t)),
  unexpected: (reason, t) => t('Unexpected failure: {0}', reason.message),
  'bad-endpoint': (reason, t) => badEndpointText(reason, t),
  'bad-agent-id': (reason, t) => t('"{0}" is not an agent id: use express, advanced or a custom agent\'s UUID.', reason.agent),
  'empty-question': (_, t) => t('The question is empty.'),
  'invalid-setting': (reason, t) => t('The setting {0} cannot be "{1}": use {2}.', reason.setting, reason.value, reason.allowed),
  'unknown-agent': (reason, t) => t('The agent {0} is not available; pick another one.', reason.agentId),
  'agent-unavailable': (reason, t) => t('The agent is unavailable: {0}', reason.detail),
  'invalid-input': (reason, t) => t('The input {0} cannot be {1}: use {2}.', reason.field, reason.value, reason.allowed),
  'no-key': (_, t) => t('Set a You.com API key to ask this agent.'),
  'missing-scope': (reason, t) =>
    t(
      '{0}: this API key has no access to {1} (403 Missing required scopes); enable {1} for the key on the You.com platform',
      reason.service,
      reason.product,
    ),
  'submit-uncertain': (reason, t) =>
    t(
      '{0}: the research request failed after it was sent ({1}); it may still run and be billed, so it was not sent again',
      reason.service,
      reason.cause,
    ),
  'task-not-found': (reason, t) =>
    t('{0}: the research task {1} was not found (it may have expired or belong to another key)', reason.service, reason.taskId),
  'task-timeout': (reason, t) =>
    t('{0}: the research task {1} did not finish within {2} min; it may still finish later', reason.service, reason.taskId, reason.minutes),
  'invalid-research': (reason, t) => researchProblemText(reason.problem, t),
};

function statusText(reason: Reason<'http-status'>, t: Translate): string {
  const { service, status } = reason;
  if (reason.credential === 'server-token' && (status === 401 || status === 403)) {
    return status === 401 ? t('{0}: the server refused the token (401)', service) : t('{0}: the server refused the request (403)', service);
  }
  const byStatus: Partial<Record<number, () => string>> = {
    400: () => t('{0}: the request was rejected (400)', service),
    401: () => t('{0}: the API key is missing or invalid (401)', service),
    402: () => t('{0}: the account is out of credits (402)', service),
    403: () => t('{0}: this key may not run this agent or tool (403)', service),
    404: () => t('{0}: unknown agent or endpoint (404)', service),
    422: () => t('{0}: the request was invalid (422)', service),
    429: () => t('{0}: too many requests, wait {1} s (429)', service, reason.waitSeconds ?? DEFAULT_WAIT_SECONDS),
  };
  const known = byStatus[status];
  if (known) return known();
  return status >= 500 ? t('{0}: the service failed ({1})', service, status) : t('{0}: unexpected status {1}', service, status);
}

function agentFailedText({ service, message, agentCode }: Reason<'agent-failed'>, t: Translate): string {
  if (message && agentCode) return t('{0}: the agent failed: {1} ({2})', service, message, agentCode);
  if (message) return t('{0}: the agent failed: {1}', service, message);
  if (agentCode) return t('{0}: the agent failed ({1})', service, agentCode);
  return t('{0}: the agent failed', service);
}

function protocolText({ problem, detail }: Reason<'protocol'>, t: Translate): string {
  const cases: Record<ProtocolProblem, () => string> = {
    'not-json': () => t('the server did not answer with JSON'),
    'content-type': () => (detail ? t('expected JSON or an event stream, got {0}', detail) : t('expected JSON or an event stream, got no content type')),
    'no-output': () => t('the response has no output'),
    'agent-list': () => t('GET /agents did not return a list of agents'),
    'run-id': () => t('the server sent an invalid run id'),
    'session-id': () => t('the server sent an invalid session id'),
    'await-without-run': () => t('the run awaits input but has no run id'),
    'agent-card': () => t('the agent card is not a valid A2A agent card'),
    'no-interface': () => t('the agent card offers no JSON-RPC or HTTP+JSON interface at A2A 1.0 or 0.3'),
    'task-id': () => t('the server sent an invalid task id'),
    'context-id': () => t('the server sent an invalid context id'),
  };
  return cases[problem]();
}

function badEndpointText({ service, url, problem, withheld }: Reason<'bad-endpoint'>, t: Translate): string {
  const problems: Record<EndpointProblem, () => string> = {
    'not-url': () => t('{0}: the URL {1} is not a URL', service, url),
    'not-http': () => t('{0}: the URL {1} must start with https://', service, url),
    'user-info': () => t('{0}: the URL {1} must not contain a user name or password', service, url),
    query: () => t('{0}: the URL {1} must not contain a query (?…) or fragment (#…)', service, url),
    'plain-http': () => t('{0}: the URL {1} must use https:// (plain http:// is allowed only for localhost)', service, url),
  };
  const text = problems[problem]();
  if (withheld === 'api-key') return t('{0}; the API key was not sent.', text);
  if (withheld === 'token') return t('{0}; the token was not sent.', text);
  return text;
}

function minutes(seconds: number): number {
  return Math.round((seconds / 60) * 10) / 10;
}

/** One sentence per problem a research question or its source control can have (src/core/you/research.ts). */
export function researchProblemText(problem: ResearchProblem, t: Translate = untranslated): string {
  switch (problem.code) {
    case 'empty-question':
      return t('The question is empty.');
    case 'question-too-long':
      return t('The question has {0} characters; Research takes at most {1}.', problem.length, problem.max);
    case 'domains-combined':
      return t('Research source control: includeDomains cannot be combined with {0}; none of these lists was sent.', problem.with);
    case 'too-many-domains':
      return t('Research source control: {0} lists {1} domains; at most {2} are allowed.', problem.field, problem.count, problem.max);
    case 'bad-domain':
      return t('Research source control: "{0}" in {1} is not a domain name (write it like example.com).', problem.value, problem.field);
    case 'bad-freshness':
      return t('Research source control: freshness "{0}" must be day, week, month, year or YYYY-MM-DDtoYYYY-MM-DD.', problem.value);
    case 'bad-country':
      return t('Research source control: country "{0}" must be a two-letter code such as US.', problem.value);
    case 'not-a-list':
      return t('Research source control: {0} must be a list of domain names.', problem.field);
  }
}
