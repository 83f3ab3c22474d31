import assert from 'node:assert/strict';
import { test } from 'node:test';
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

test('values the API would reject become config errors with an action', () => {
  const bad = (fn: () => unknown, pattern: RegExp, action: string) =>
    assert.throws(fn, (err: { kind: string; message: string; action: { kind: string } }) => {
      assert.equal(err.kind, 'config');
      assert.match(err.message, pattern);
      assert.equal(err.action.kind, action);
      return true;
    });
  bad(() => buildRunRequest({ agent: 'not an agent' }, 'q', true), /not an agent id/, 'check-agent');
  bad(() => buildRunRequest({ agent: 'express' }, '   ', true), /empty/, 'none');
  bad(() => buildRunRequest({ agent: 'advanced', maxWorkflowSteps: 0 }, 'q', true), /1 to 20/, 'check-settings');
  bad(() => buildRunRequest({ agent: 'advanced', maxWorkflowSteps: 21 }, 'q', true), /1 to 20/, 'check-settings');
  bad(() => buildRunRequest({ agent: 'advanced', maxWorkflowSteps: 2.5 }, 'q', true), /1 to 20/, 'check-settings');
  bad(
    () => buildRunRequest({ agent: 'advanced', research: { searchEffort: 'max' as never, reportVerbosity: 'high' } }, 'q', true),
    /search effort/,
    'check-settings',
  );
  bad(() => buildRunRequest({ agent: 'advanced', verbosity: 'low' as never }, 'q', true), /verbosity/, 'check-settings');
});
