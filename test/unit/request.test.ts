import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentError, ErrorReason } from '../../src/core/errors';
import { buildRunRequest } from '../../src/core/you/request';

test('express: input and stream, web_search only when asked', () => {
  assert.deepEqual(buildRunRequest({ agent: 'express' }, 'hi', true), { agent: 'express', input: 'hi', stream: true });
  assert.deepEqual(buildRunRequest({ agent: 'express', webSearch: true, compute: true }, 'hi', false), {
    agent: 'express',
    input: 'hi',
    stream: false,
    tools: [{ type: 'web_search' }],
  });
});

test('advanced: research and compute tools, verbosity and workflow steps in snake_case', () => {
  const body = buildRunRequest(
    { agent: 'advanced', research: { searchEffort: 'high', reportVerbosity: 'medium' }, compute: true, verbosity: 'high', maxWorkflowSteps: 5 },
    'q',
    true,
  );
  assert.deepEqual(body, {
    agent: 'advanced',
    input: 'q',
    stream: true,
    tools: [{ type: 'research', search_effort: 'high', report_verbosity: 'medium' }, { type: 'compute' }],
    verbosity: 'high',
    workflow_config: { max_workflow_steps: 5 },
  });
  assert.deepEqual(buildRunRequest({ agent: 'advanced' }, 'q', true), { agent: 'advanced', input: 'q', stream: true });
});

test('custom agent UUID: no tools even when configured', () => {
  const id = '63773261-b4de-4d8f-9dfd-cff206a5cb51';
  assert.deepEqual(buildRunRequest({ agent: id, compute: true, verbosity: 'high' }, 'q', false), { agent: id, input: 'q', stream: false });
});

test('values the API would reject become config errors with a reason and an action', () => {
  const bad = (fn: () => unknown, reason: ErrorReason, pattern: RegExp, action: string) =>
    assert.throws(fn, (err: AgentError) => {
      assert.equal(err.kind, 'config');
      assert.deepEqual(err.reason, reason);
      assert.match(err.message, pattern);
      assert.equal(err.action.kind, action);
      return true;
    });
  bad(() => buildRunRequest({ agent: 'not an agent' }, 'q', true), { code: 'bad-agent-id', agent: 'not an agent' }, /not an agent id/, 'check-agent');
  bad(() => buildRunRequest({ agent: 'express' }, '   ', true), { code: 'empty-question' }, /empty/, 'none');
  const steps = (value: string) => ({ code: 'invalid-setting' as const, setting: 'maxWorkflowSteps' as const, value, allowed: '1-20' });
  bad(() => buildRunRequest({ agent: 'advanced', maxWorkflowSteps: 0 }, 'q', true), steps('0'), /maxWorkflowSteps.*1-20/, 'check-settings');
  bad(() => buildRunRequest({ agent: 'advanced', maxWorkflowSteps: 21 }, 'q', true), steps('21'), /1-20/, 'check-settings');
  bad(() => buildRunRequest({ agent: 'advanced', maxWorkflowSteps: 2.5 }, 'q', true), steps('2.5'), /1-20/, 'check-settings');
  bad(
    () => buildRunRequest({ agent: 'advanced', research: { searchEffort: 'max' as never, reportVerbosity: 'high' } }, 'q', true),
    { code: 'invalid-setting', setting: 'searchEffort', value: 'max', allowed: 'auto, low, medium, high' },
    /searchEffort/,
    'check-settings',
  );
  bad(
    () => buildRunRequest({ agent: 'advanced', verbosity: 'low' as never }, 'q', true),
    { code: 'invalid-setting', setting: 'verbosity', value: 'low', allowed: 'medium, high' },
    /verbosity/,
    'check-settings',
  );
});
