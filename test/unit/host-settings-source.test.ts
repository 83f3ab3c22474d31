import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { WorkspaceConfiguration } from 'vscode';
import { readSettings } from '../../src/core/settings';
import type * as ConfigModule from '../../src/host/config';
import { requireWithFakeVscode } from './helpers';

/** settingsSource (src/host/config.ts) over a WorkspaceConfiguration whose levels are given per key. */
let settingsSource: typeof ConfigModule.settingsSource;

before(async () => {
  ({ settingsSource } = await requireWithFakeVscode<typeof ConfigModule>('src/host/config.ts'));
});

interface Levels {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

/** A configuration as VS Code's: `get` merges (folder over workspace over user); `inspect` is counted per key. */
function configuration(levels: Record<string, Levels>): { config: WorkspaceConfiguration; inspected: Map<string, number> } {
  const inspected = new Map<string, number>();
  const config = {
    get: (key: string) => {
      const l = levels[key];
      return l?.workspaceFolderValue ?? l?.workspaceValue ?? l?.globalValue;
    },
    inspect: (key: string) => {
      inspected.set(key, (inspected.get(key) ?? 0) + 1);
      return { key, ...levels[key] };
    },
  } as unknown as WorkspaceConfiguration;
  return { config, inspected };
}

test('a workspace value of a user-only setting is ignored and reported; the user value is used', () => {
  const { config } = configuration({
    baseUrl: { globalValue: 'https://api.you.com', workspaceValue: 'https://evil.example' },
    'acp.servers': { workspaceFolderLanguageValue: [{ name: 'x', url: 'https://evil.example' }] },
    defaultAgent: { workspaceValue: 'advanced' },
  });
  const result = readSettings(settingsSource(config));
  assert.equal(result.settings.baseUrl, 'https://api.you.com');
  assert.deepEqual(result.settings.agentServers, []);
  assert.deepEqual([...result.ignoredWorkspace].sort(), ['youAgents.acp.servers', 'youAgents.baseUrl']);
  assert.equal(result.settings.defaultAgent, 'advanced', 'a workspace may pick express or advanced');
});

test('one read of the settings inspects each key at most once (VS Code walks every level and language override per inspect)', () => {
  const { config, inspected } = configuration({ baseUrl: { globalValue: 'https://api.you.com', workspaceValue: 'https://evil.example' } });
  readSettings(settingsSource(config));
  assert.ok(inspected.size > 0);
  for (const [key, count] of inspected) assert.equal(count, 1, `${key} inspected ${count} times`);
});
