import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, readSettings } from '../../src/core/settings';

const from = (values: Record<string, unknown>) => readSettings((key) => values[key]);

test('no settings: the defaults, no warnings', () => {
  assert.deepEqual(from({}), { settings: DEFAULT_SETTINGS, warnings: [] });
});

test('valid values are taken as given', () => {
  const { settings, warnings } = from({
    baseUrl: 'http://127.0.0.1:1234/',
    'advanced.research.searchEffort': 'high',
    'advanced.maxWorkflowSteps': 20,
    retries: 0,
    customAgents: [{ name: 'Docs', id: '63773261-b4de-4d8f-9dfd-cff206a5cb51' }],
    'acp.servers': [{ name: 'local', url: 'http://127.0.0.1:8000/', tokenSecret: 'local-token' }],
  });
  assert.deepEqual(warnings, []);
  assert.equal(settings.baseUrl, 'http://127.0.0.1:1234');
  assert.equal(settings.research.searchEffort, 'high');
  assert.equal(settings.maxWorkflowSteps, 20);
  assert.equal(settings.retries, 0);
  assert.deepEqual(settings.customAgents, [{ name: 'Docs', id: '63773261-b4de-4d8f-9dfd-cff206a5cb51' }]);
  assert.deepEqual(settings.acpServers, [{ name: 'local', url: 'http://127.0.0.1:8000', tokenSecret: 'local-token' }]);
});

test('every bad value falls back to its default with one clear warning', () => {
  const { settings, warnings } = from({
    baseUrl: 'javascript:alert(1)',
    'advanced.maxWorkflowSteps': 50,
    'advanced.verbosity': 'loud',
    stream: 'yes',
    requestTimeoutSeconds: -1,
    customAgents: [{ name: 'x', id: 'not-a-uuid' }],
    'acp.servers': 'http://x',
  });
  assert.equal(settings.baseUrl, DEFAULT_SETTINGS.baseUrl);
  assert.equal(settings.maxWorkflowSteps, 10);
  assert.equal(settings.verbosity, 'medium');
  assert.equal(settings.stream, true);
  assert.equal(settings.requestTimeoutSeconds, 60);
  assert.deepEqual(settings.customAgents, []);
  assert.equal(warnings.length, 7);
  assert.match(warnings.join('\n'), /youAgents\.advanced\.maxWorkflowSteps: 50 is not a whole number from 1 to 20; using 10\./);
});
