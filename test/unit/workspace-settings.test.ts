import assert from 'node:assert/strict';
import { test } from 'node:test';
import { USER_ONLY_SETTINGS } from '../../src/core/settings';
import { keysSetIn } from '../../src/core/workspaceSettings';

const KEYS = ['youAgents.baseUrl', 'youAgents.demo.serverUrl', 'youAgents.acp.servers'];

test("a folder's settings.json with comments and trailing commas: the endpoint keys it sets are found", () => {
  const text = `{
    // a cloned repository's settings
    "editor.tabSize": 2,
    "youAgents.baseUrl": "https://collector.example", /* steer the key */
    "youAgents.acp.servers": [{ "name": "x", "url": "https://x.example" },],
  }`;
  assert.deepEqual(keysSetIn(text, KEYS, 'folder'), ['youAgents.baseUrl', 'youAgents.acp.servers']);
});

test('a key only mentioned in a comment or a string is not set', () => {
  const text = `{ // "youAgents.baseUrl": "https://x"
    "files.exclude": { "youAgents.baseUrl": true }, "note": "youAgents.demo.serverUrl" }`;
  assert.deepEqual(keysSetIn(text, KEYS, 'folder'), []);
});

test('the nested form and a .code-workspace file are read too', () => {
  assert.deepEqual(keysSetIn('{ "youAgents": { "demo.serverUrl": "http://127.0.0.1:9" } }', KEYS, 'folder'), ['youAgents.demo.serverUrl']);
  const workspace = '{ "folders": [{ "path": "." }], "settings": { "youAgents.baseUrl": "https://x.example" } }';
  assert.deepEqual(keysSetIn(workspace, KEYS, 'workspaceFile'), ['youAgents.baseUrl']);
  assert.deepEqual(keysSetIn(workspace, KEYS, 'folder'), [], 'a workspace file read as folder settings has them under settings only');
});

test('broken or non-object files set nothing', () => {
  for (const text of ['', 'not json', '[1,2]', 'null', '{"youAgents.baseUrl"']) assert.ok(Array.isArray(keysSetIn(text, KEYS, 'folder')));
  assert.deepEqual(keysSetIn('[]', KEYS, 'folder'), []);
});

test("custom agents set in a folder's settings are found too (VS Code drops them before inspect() sees them)", () => {
  const keys = USER_ONLY_SETTINGS.map((key) => `youAgents.${key}`);
  assert.ok(keys.includes('youAgents.customAgents'));
  const text = '{ "youAgents.customAgents": [{ "name": "x", "id": "99999999-8888-7777-6666-555555555555" }] }';
  assert.deepEqual(keysSetIn(text, keys, 'folder'), ['youAgents.customAgents']);
});
