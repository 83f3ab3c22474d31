import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as KeysModule from '../../src/host/keys';
import { EventEmitter } from '../tools/fakeVscode';
import { FakeMemento, requireWithFakeVscode } from './helpers';

/**
 * `YOU_API_KEY` moves into SecretStorage once (src/host/keys.ts): each "activation" below is a
 * new KeyStore over the same secret storage and global state, as after a window reload.
 */
let dir = '';
let KeyStore: typeof KeysModule.KeyStore;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keys-test-'));
  ({ KeyStore } = await requireWithFakeVscode<typeof KeysModule>('src/host/keys.ts', join(dir, 'keys.cjs')));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** vscode.SecretStorage in memory; it counts writes and announces changes, as VS Code does. */
class FakeSecrets {
  readonly values = new Map<string, string>();
  stores = 0;
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.stores++;
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }
}

/** The machine: what survives a reload. */
function machine() {
  const secrets = new FakeSecrets();
  const globalState = new FakeMemento();
  /** What extension.ts does at activation: load the stored key, then import the environment's. */
  const activate = async (env: string | undefined) => {
    const keys = new KeyStore(secrets as never);
    await keys.load();
    await keys.importFromEnvironment(env, globalState as never);
    return keys;
  };
  return { secrets, globalState, activate };
}

describe('YOU_API_KEY is imported once', () => {
  test('the first activation imports it into secret storage; the next ones do not write it again', async () => {
    const { secrets, activate } = machine();
    const first = await activate('key-one');
    assert.equal(first.apiKey, 'key-one');
    assert.deepEqual([...secrets.values.values()], ['key-one']);
    assert.equal(secrets.stores, 1);
    first.dispose();
    const second = await activate('key-one');
    assert.equal(second.apiKey, 'key-one');
    assert.equal(secrets.stores, 1, 'not stored again');
    second.dispose();
  });

  test('after Clear API Key the same value in the environment is not imported again', async () => {
    const { secrets, activate } = machine();
    const first = await activate('key-one');
    await first.clearApiKey();
    assert.equal(first.apiKey, undefined);
    first.dispose();
    const second = await activate('key-one');
    assert.equal(second.apiKey, undefined);
    assert.equal(secrets.values.size, 0);
    assert.equal(secrets.stores, 1);
    second.dispose();
  });

  test('a different value in the environment is a new key: imported, also after Clear API Key', async () => {
    const { secrets, activate } = machine();
    const first = await activate('key-one');
    await first.clearApiKey();
    first.dispose();
    const second = await activate('key-two');
    assert.equal(second.apiKey, 'key-two');
    assert.deepEqual([...secrets.values.values()], ['key-two']);
    second.dispose();
    // Without a clear in between, too: the new value replaces the stored one.
    const third = await activate('key-three');
    assert.equal(third.apiKey, 'key-three');
    assert.deepEqual([...secrets.values.values()], ['key-three']);
    third.dispose();
  });

  test('a key the user set is kept while the environment keeps the value already imported', async () => {
    const { activate } = machine();
    const first = await activate('key-one');
    await first.setApiKey('typed-by-user');
    first.dispose();
    const second = await activate('key-one');
    assert.equal(second.apiKey, 'typed-by-user');
    second.dispose();
  });

  test('surrounding whitespace is ignored; an empty or missing value imports nothing and remembers nothing', async () => {
    const { secrets, globalState, activate } = machine();
    for (const env of [undefined, '', '  \n']) (await activate(env)).dispose();
    assert.equal(secrets.stores, 0);
    assert.equal(globalState.values.size, 0);
    const keys = await activate('  key-one\n');
    assert.equal(keys.apiKey, 'key-one');
    keys.dispose();
    (await activate('key-one')).dispose();
    assert.equal(secrets.stores, 1, 'the trimmed value is the same key');
  });

  test('global state holds a fingerprint of the imported key, never the key', async () => {
    const { globalState, activate } = machine();
    const key = 'fake-imported-key-for-tests-only-xyz';
    (await activate(key)).dispose();
    const stored = JSON.stringify([...globalState.values]);
    assert.equal(globalState.values.size, 1);
    assert.ok(!stored.includes(key), stored);
    assert.ok(!stored.includes(key.slice(0, 8)) && !stored.includes(key.slice(-8)), stored);
    const [value] = [...globalState.values.values()];
    assert.match(String(value), /^[0-9a-f]{16}$/);
  });
});
