import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLog } from '../../src/core/redact';
import type * as SettingsServiceModule from '../../src/host/settingsService';
import { requireWithVscode } from './helpers';

/** The user's `youAgents.*` values, changed by the tests; read through a fake `getConfiguration`. */
let user: Record<string, unknown> = {};
let reads = 0;
let configurationListener: ((event: { affectsConfiguration(section: string): boolean }) => void) | undefined;
const warnings: string[] = [];

class EventEmitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

const fake = {
  EventEmitter,
  l10n: { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) },
  window: { showWarningMessage: async (message: string) => void warnings.push(message) },
  workspace: {
    getConfiguration: () => {
      reads++;
      return { get: (key: string) => user[key], inspect: (key: string) => ({ globalValue: user[key] }) };
    },
    onDidChangeConfiguration: (listener: typeof configurationListener) => {
      configurationListener = listener;
      return { dispose: () => (configurationListener = undefined) };
    },
  },
};
const { SettingsService } = requireWithVscode<typeof SettingsServiceModule>('../../src/host/settingsService', fake);

/** VS Code's configuration event for a change of these full setting names. */
function changed(...names: string[]) {
  configurationListener!({ affectsConfiguration: (section) => names.some((name) => name === section || name.startsWith(`${section}.`)) });
}

test('the settings service reads once per youAgents change and tells its listeners after the new settings are current', () => {
  user = { openIn: 'editor' };
  reads = 0;
  const settings = new SettingsService(silentLog);
  assert.equal(settings.current().openIn, 'editor');
  assert.equal(reads, 1, 'read once at creation');

  const seen: { current: string; previous: string; acp: boolean; fromGetter: string }[] = [];
  settings.onDidChange((change) =>
    seen.push({ current: change.current.openIn, previous: change.previous.openIn, acp: change.affects('acp'), fromGetter: settings.current().openIn }),
  );

  changed('editor.fontSize');
  assert.equal(reads, 1, 'another extension’s setting: not read again');
  assert.equal(seen.length, 0);

  user = { openIn: 'sidebar' };
  changed('youAgents.openIn');
  assert.equal(reads, 2);
  assert.deepEqual(seen, [{ current: 'sidebar', previous: 'editor', acp: false, fromGetter: 'sidebar' }]);

  user = { openIn: 'sidebar', 'acp.servers': [{ name: 'local', url: 'http://localhost:8000' }] };
  changed('youAgents.acp.servers');
  assert.equal(seen.at(-1)?.acp, true, 'a listener can tell which group changed');
  assert.deepEqual(settings.current().acpServers, [{ name: 'local', url: 'http://localhost:8000' }]);

  // A bad value is reported once per change, not once per reader.
  user = { openIn: 'nowhere' };
  changed('youAgents.openIn');
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.equal(settings.current().openIn, 'sidebar');

  settings.dispose();
  assert.equal(configurationListener, undefined, 'dispose stops listening');
});
