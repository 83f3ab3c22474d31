import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODES, type ErrorCode, type ErrorReason } from '../../src/core/errorReason';
import { AgentError, httpError } from '../../src/core/errors';
import { errorText } from '../../src/core/errorText';
import { untranslated, type Translate } from '../../src/core/translate';

/** vscode.l10n.t's substitution: one pass, so an argument is never read as a template. */
const format: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
/** A pseudo-locale: every template the host uses comes back marked, so unmarked text would show. */
const pseudo: Translate = (message, ...args) => `⟦${format(message, ...args)}⟧`;

/** Reasons of every code, with every sentence variant a code has (typed: a new code must be added here). */
const SAMPLES: Record<ErrorCode, ErrorReason[]> = {
  'http-status': [
    ...[400, 401, 402, 403, 404, 422, 429, 500, 503, 418].map((status) => ({ code: 'http-status' as const, service: 'You.com', status })),
    { code: 'http-status', service: 'You.com', status: 429, waitSeconds: 12, detail: 'slow down' },
    { code: 'http-status', service: 'local', status: 401, credential: 'server-token' },
    { code: 'http-status', service: 'local', status: 403, credential: 'server-token', detail: 'no' },
  ],
  redirect: [
    { code: 'redirect', service: 'You.com', status: 302, location: 'https://elsewhere.example/x' },
    { code: 'redirect', service: 'You.com', status: 301 },
  ],
  'credential-refused': [{ code: 'credential-refused', service: 'local', url: 'https://b.example/runs', origin: 'https://a.example' }],
  unreachable: [
    { code: 'unreachable', service: 'You.com', url: 'https://api.you.com/v1/agents/runs', cause: 'ECONNREFUSED' },
    { code: 'unreachable', service: 'You.com', url: 'https://api.you.com/v1/agents/runs' },
  ],
  'proxy-failed': [
    { code: 'proxy-failed', service: 'You.com', url: 'https://api.you.com/v1/agents/runs', proxy: 'http://proxy.corp.example:3128/', atProxy: true, cause: 'ECONNREFUSED' },
    { code: 'proxy-failed', service: 'local', url: 'https://acp.example/agents', proxy: 'http://10.0.0.1:8080/', atProxy: false, cause: 'Request was cancelled.' },
  ],
  'connect-timeout': [{ code: 'connect-timeout', service: 'You.com', seconds: 2.5 }],
  'batch-deadline': [
    { code: 'batch-deadline', service: 'You.com', seconds: 300 },
    { code: 'batch-deadline', service: 'You.com', seconds: 0.5 },
  ],
  'idle-timeout': [{ code: 'idle-timeout', seconds: 60 }],
  'connection-dropped': [{ code: 'connection-dropped' }],
  interrupted: [{ code: 'interrupted', service: 'local' }],
  'too-large': [
    { code: 'too-large', what: 'response', limitBytes: 8 * 1024 * 1024 },
    { code: 'too-large', what: 'event', limitBytes: 16 * 1024 * 1024 },
  ],
  stopped: [{ code: 'stopped' }],
  cancelled: [{ code: 'cancelled', service: 'local' }],
  'agent-failed': [
    { code: 'agent-failed', service: 'local', message: 'crashed', agentCode: 'server_error' },
    { code: 'agent-failed', service: 'local', message: 'crashed' },
    { code: 'agent-failed', service: 'local', agentCode: 'server_error' },
    { code: 'agent-failed', service: 'You.com' },
  ],
  'agent-rejected': [
    { code: 'agent-rejected', service: 'team', message: 'out of scope' },
    { code: 'agent-rejected', service: 'team' },
  ],
  'agent-needs-auth': [
    { code: 'agent-needs-auth', service: 'team', message: 'sign in to the calendar' },
    { code: 'agent-needs-auth', service: 'team' },
  ],
  'rpc-error': [
    { code: 'rpc-error', service: 'team', rpcCode: -32001, message: 'Task not found: x' },
    { code: 'rpc-error', service: 'team', rpcCode: -32603 },
  ],
  'foreign-interface': [{ code: 'foreign-interface', service: 'team', url: 'https://other.example/a2a', origin: 'https://agents.example' }],
  protocol: [
    { code: 'protocol', service: 'local', problem: 'not-json' },
    { code: 'protocol', problem: 'not-json' },
    { code: 'protocol', service: 'You.com', problem: 'content-type', detail: 'text/html' },
    { code: 'protocol', service: 'You.com', problem: 'content-type' },
    { code: 'protocol', service: 'You.com', problem: 'no-output' },
    { code: 'protocol', service: 'local', problem: 'agent-list' },
    { code: 'protocol', service: 'local', problem: 'run-id' },
    { code: 'protocol', service: 'local', problem: 'session-id' },
    { code: 'protocol', service: 'local', problem: 'await-without-run' },
    { code: 'protocol', service: 'team', problem: 'agent-card' },
    { code: 'protocol', service: 'team', problem: 'no-interface' },
    { code: 'protocol', service: 'team', problem: 'task-id' },
    { code: 'protocol', service: 'team', problem: 'context-id' },
  ],
  unexpected: [{ code: 'unexpected', message: 'TypeError: x is not a function' }],
  'bad-endpoint': [
    { code: 'bad-endpoint', service: 'You.com', url: 'nope', problem: 'not-url' },
    { code: 'bad-endpoint', service: 'You.com', url: 'ftp://x.example/', problem: 'not-http' },
    { code: 'bad-endpoint', service: 'You.com', url: 'https://x.example/', problem: 'user-info', withheld: 'api-key' },
    { code: 'bad-endpoint', service: 'local', url: 'http://x.example/', problem: 'plain-http', withheld: 'token' },
  ],
  'bad-agent-id': [{ code: 'bad-agent-id', agent: 'not an agent' }],
  'empty-question': [{ code: 'empty-question' }],
  'invalid-setting': [{ code: 'invalid-setting', setting: 'verbosity', value: 'low', allowed: 'medium, high' }],
  'unknown-agent': [{ code: 'unknown-agent', agentId: 'acp:gone/echo' }],
  'agent-unavailable': [{ code: 'agent-unavailable', detail: 'Cannot reach http://127.0.0.1:1: ECONNREFUSED' }],
  'no-key': [{ code: 'no-key' }],
  'missing-scope': [{ code: 'missing-scope', service: 'You.com', product: 'Research' }],
  'submit-uncertain': [{ code: 'submit-uncertain', service: 'You.com', cause: 'no response within 30 s' }],
  'task-not-found': [{ code: 'task-not-found', service: 'You.com', taskId: 'f1e2d3c4' }],
  'task-timeout': [{ code: 'task-timeout', service: 'You.com', taskId: 'f1e2d3c4', minutes: 240 }],
  'invalid-research': [
    { code: 'invalid-research', problem: { code: 'question-too-long', length: 40001, max: 40000 } },
    { code: 'invalid-research', problem: { code: 'domains-combined', with: 'boostDomains' } },
    { code: 'invalid-research', problem: { code: 'too-many-domains', field: 'excludeDomains', count: 501, max: 500 } },
    { code: 'invalid-research', problem: { code: 'bad-domain', field: 'includeDomains', value: 'https://x' } },
    { code: 'invalid-research', problem: { code: 'bad-freshness', value: 'fortnight' } },
    { code: 'invalid-research', problem: { code: 'bad-country', value: 'USA' } },
    { code: 'invalid-research', problem: { code: 'not-a-list', field: 'boostDomains' } },
  ],
};

const allSamples = Object.values(SAMPLES).flat();

/** Reason fields that are shown as they are (others choose the sentence or are formatted). */
const SHOWN_FIELDS = ['service', 'url', 'origin', 'location', 'cause', 'detail', 'message', 'agentCode', 'agentId', 'agent', 'value', 'allowed'];

describe('error reasons', () => {
  test('the sample table covers every code, and every sample is of the code it is filed under', () => {
    assert.deepEqual(Object.keys(SAMPLES).sort(), [...ERROR_CODES].sort());
    assert.equal(new Set(ERROR_CODES).size, ERROR_CODES.length);
    for (const [code, reasons] of Object.entries(SAMPLES)) {
      assert.ok(reasons.length > 0, code);
      for (const reason of reasons) assert.equal(reason.code, code);
    }
  });

  test('every reason has an English text and a host text, each showing the reason data', () => {
    for (const reason of allSamples) {
      const label = JSON.stringify(reason);
      for (const text of [errorText(reason), errorText(reason, format)]) {
        assert.ok(text.trim().length > 3, label);
        assert.doesNotMatch(text, /undefined|\[object|\{\d\}/, label);
        for (const field of SHOWN_FIELDS) {
          const value = (reason as Record<string, unknown>)[field];
          if (typeof value === 'string') assert.ok(text.includes(value), `${field} missing from "${text}" for ${label}`);
        }
      }
    }
  });

  test('a pseudo-locale wraps every error text: no part of it is made outside a template', () => {
    for (const reason of allSamples) {
      const text = errorText(reason, pseudo);
      assert.ok(text.startsWith('⟦') && text.endsWith('⟧'), text);
      // No letter stands outside every marked template (e.g. two templates joined by English words).
      let depth = 0;
      for (const char of text) {
        if (char === '⟦') depth++;
        else if (char === '⟧') depth--;
        else assert.ok(depth > 0 || !/[A-Za-z]/.test(char), `unmarked text in ${text}`);
      }
      assert.equal(depth, 0, text);
    }
  });

  test('text from a server or an exception is never read as a template', () => {
    const hostile = '{0} {1} {2} %s';
    const reasons: ErrorReason[] = [
      { code: 'http-status', service: 'You.com', status: 500, detail: hostile },
      { code: 'agent-failed', service: 'local', message: hostile, agentCode: hostile },
      { code: 'unexpected', message: hostile },
      { code: 'unreachable', service: 'You.com', url: 'https://api.you.com/', cause: hostile },
      { code: 'agent-unavailable', detail: hostile },
      { code: 'protocol', service: 'You.com', problem: 'content-type', detail: hostile },
    ];
    const templates: string[] = [];
    const recording: Translate = (message, ...args) => (templates.push(message), format(message, ...args));
    for (const reason of reasons) {
      assert.ok(errorText(reason).includes(hostile), errorText(reason));
      assert.ok(errorText(reason, recording).includes(hostile), errorText(reason, format));
    }
    assert.ok(templates.length >= reasons.length);
    for (const template of templates) assert.ok(!template.includes(hostile), `server text used as a template: ${template}`);
    // Through the real path: a server body with placeholders stays literal in the error.
    const error = httpError(500, JSON.stringify({ detail: 'bad {0} value' }), undefined);
    assert.match(error.message, /\(the server said: bad \{0\} value\)$/);
    assert.match(errorText(error.reason, format), /bad \{0\} value/);
  });

  test('an error has one wording: its message (what logs show) is the table read in English', () => {
    for (const reason of allSamples) assert.equal(new AgentError('http', reason).message, errorText(reason, untranslated), JSON.stringify(reason));
    const cases: [ErrorReason, string][] = [
      [{ code: 'no-key' }, 'Set a You.com API key to ask this agent.'],
      [
        { code: 'http-status', service: 'You.com', status: 429, waitSeconds: 12, detail: 'slow down' },
        'You.com: too many requests, wait 12 s (429) (the server said: slow down)',
      ],
      [
        { code: 'batch-deadline', service: 'You.com', seconds: 300 },
        'You.com: the whole answer did not arrive within 5 min (batch mode); it was not asked again',
      ],
      [{ code: 'agent-failed', service: 'local', message: 'crashed', agentCode: 'server_error' }, 'local: the agent failed: crashed (server_error)'],
    ];
    for (const [reason, sentence] of cases) assert.equal(new AgentError('http', reason).message, sentence);
  });

  test('actions and status stay with the error, whatever its wording', () => {
    const error = httpError(429, '{"detail":"slow down"}', 12);
    assert.deepEqual(error.reason, { code: 'http-status', service: 'You.com', status: 429, waitSeconds: 12, detail: 'slow down' });
    assert.deepEqual(error.action, { kind: 'wait', seconds: 12 });
    assert.equal(error.status, 429);
    assert.equal(errorText(error.reason, format), 'You.com: too many requests, wait 12 s (429) (the server said: slow down)');
    const token = httpError(403, '{}', undefined, { service: 'local', credential: 'server-token' });
    assert.deepEqual(token.action, { kind: 'check-settings' });
    assert.deepEqual(token.reason, { code: 'http-status', service: 'local', status: 403, credential: 'server-token' });
  });
});
