import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type * as KeysModule from '../../src/host/keys';
import { EventEmitter } from '../tools/fakeVscode';
import { FakeMemento, requireWithFakeVscode } from './helpers';

/**
 * `YOU_API_KEY` and the stored key (src/host/keys.ts): each "activation" below is a new KeyStore
 * over the same secret storage and global state, as after a window reload.
 */
let KeyStore: typeof KeysModule.KeyStore;

before(async () => {
  ({ KeyStore } = await requireWithFakeVscode<typeof KeysModule>('src/host/keys.ts'));
});

/** vscode.SecretStorage in memory; it counts writes and announces changes, as VS Code does. */
class FakeSecrets {
  readonly values = new Map<string, string>();
  stores = 0;
  reads = 0;
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  async get(key: string): Promise<string | undefined> {
    this.reads++;
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
  const asked: (string | undefined)[] = [];
  /**
   * What extension.ts does at activation: load the stored key, then offer the environment's.
   * `answer` is the user's reply to the prompt (undefined: dismissed).
   */
  const activate = async (env: string | undefined, options: { answer?: boolean; trustedLaunch?: boolean; remoteName?: string } = {}) => {
    const keys = new KeyStore(secrets as never);
    await keys.load();
    const outcome = await keys.offerEnvironmentKey(env, globalState as never, {
      trustedLaunch: options.trustedLaunch ?? false,
      remoteName: options.remoteName,
      ask: async (remoteName) => {
        asked.push(remoteName);
        return options.answer;
      },
    });
    return { keys, outcome };
  };
  return { secrets, globalState, asked, activate };
}

describe('YOU_API_KEY never replaces a stored key', () => {
  test('with a key stored, the environment key is neither asked about nor stored, in any mode', async () => {
    const { secrets, asked, activate } = machine();
    await secrets.store('youAgents.apiKey', 'typed-by-user');
    for (const options of [{ answer: true }, { trustedLaunch: true }, { trustedLaunch: true, remoteName: 'dev-container', answer: true }]) {
      const { keys, outcome } = await activate('key-from-repository', options);
      assert.equal(keys.apiKey, 'typed-by-user');
      assert.equal(outcome, 'kept-stored');
      keys.dispose();
    }
    assert.deepEqual(asked, []);
    assert.deepEqual([...secrets.values.values()], ['typed-by-user']);
  });

  test('a key set while the prompt is open wins over the environment key the user then accepts', async () => {
    const { secrets, globalState } = machine();
    const keys = new KeyStore(secrets as never);
    await keys.load();
    const outcome = await keys.offerEnvironmentKey('key-from-env', globalState as never, {
      trustedLaunch: false,
      remoteName: undefined,
      ask: async () => {
        await keys.setApiKey('typed-meanwhile');
        return true;
      },
    });
    assert.equal(outcome, 'kept-stored');
    assert.equal(keys.apiKey, 'typed-meanwhile');
    keys.dispose();
  });
});

describe('with no key stored, YOU_API_KEY is used only after the user accepts (or in a trusted local launch)', () => {
  test('accepted: stored once; the next activations neither ask nor store again', async () => {
    const { secrets, asked, activate } = machine();
    const first = await activate('key-one', { answer: true });
    assert.equal(first.outcome, 'used');
    assert.equal(first.keys.apiKey, 'key-one');
    assert.deepEqual([...secrets.values.values()], ['key-one']);
    first.keys.dispose();
    const second = await activate('key-one', { answer: true });
    assert.equal(second.keys.apiKey, 'key-one');
    assert.equal(secrets.stores, 1, 'not stored again');
    assert.deepEqual(asked, [undefined], 'asked once');
    second.keys.dispose();
  });

  test('declined: nothing stored, and the same value is not asked about again', async () => {
    const { secrets, asked, activate } = machine();
    const first = await activate('key-one', { answer: false });
    assert.equal(first.outcome, 'declined');
    assert.equal(first.keys.apiKey, undefined);
    first.keys.dispose();
    const second = await activate('key-one', { answer: true });
    assert.equal(second.outcome, 'decided-before');
    assert.equal(second.keys.apiKey, undefined);
    assert.equal(secrets.stores, 0);
    assert.equal(asked.length, 1);
    second.keys.dispose();
  });

  test('dismissed: nothing stored, nothing remembered, asked again next time', async () => {
    const { secrets, globalState, asked, activate } = machine();
    const first = await activate('key-one', {});
    assert.equal(first.outcome, 'dismissed');
    assert.equal(globalState.values.size, 0);
    first.keys.dispose();
    const second = await activate('key-one', { answer: true });
    assert.equal(second.outcome, 'used');
    assert.equal(asked.length, 2);
    assert.equal(secrets.stores, 1);
    second.keys.dispose();
  });

  test('Development/Test mode in a local window uses it without asking; in a remote or container window it still asks', async () => {
    const local = machine();
    const { keys, outcome } = await local.activate('key-one', { trustedLaunch: true });
    assert.equal(outcome, 'used');
    assert.equal(keys.apiKey, 'key-one');
    assert.deepEqual(local.asked, []);
    keys.dispose();

    for (const trustedLaunch of [true, false]) {
      const remote = machine();
      const refused = await remote.activate('key-from-container', { trustedLaunch, remoteName: 'dev-container' });
      assert.equal(refused.outcome, 'dismissed');
      assert.equal(refused.keys.apiKey, undefined, 'never imported silently in a remote window');
      assert.deepEqual(remote.asked, ['dev-container'], 'the prompt is told where the window runs');
      assert.equal(remote.secrets.stores, 0);
      refused.keys.dispose();
    }
  });

  test('after Clear API Key the same value is not offered again; a different value is asked about', async () => {
    const { asked, activate } = machine();
    const first = await activate('key-one', { answer: true });
    await first.keys.clearApiKey();
    first.keys.dispose();
    const second = await activate('key-one', { answer: true });
    assert.equal(second.keys.apiKey, undefined);
    assert.equal(asked.length, 1);
    second.keys.dispose();
    const third = await activate('key-two', { answer: true });
    assert.equal(third.outcome, 'used');
    assert.equal(third.keys.apiKey, 'key-two');
    assert.equal(asked.length, 2);
    third.keys.dispose();
  });

  test('a value imported by an older release (its fingerprint in global state) is not offered again', async () => {
    const { globalState, asked, activate } = machine();
    const { createHash } = await import('node:crypto');
    await globalState.update('youAgents.importedEnvKey', createHash('sha256').update('key-one').digest('hex').slice(0, 16));
    const { keys, outcome } = await activate('key-one', { answer: true });
    assert.equal(outcome, 'decided-before');
    assert.deepEqual(asked, []);
    keys.dispose();
  });

  test('surrounding whitespace is ignored; an empty or missing value asks nothing and remembers nothing', async () => {
    const { secrets, globalState, asked, activate } = machine();
    for (const env of [undefined, '', '  \n']) (await activate(env, { answer: true })).keys.dispose();
    assert.equal(secrets.stores, 0);
    assert.equal(globalState.values.size, 0);
    assert.deepEqual(asked, []);
    const { keys } = await activate('  key-one\n', { answer: true });
    assert.equal(keys.apiKey, 'key-one');
    keys.dispose();
  });

  test('global state holds a fingerprint of the key and the decision, never the key', async () => {
    const { globalState, activate } = machine();
    const key = 'fake-imported-key-for-tests-only-xyz';
    (await activate(key, { answer: true })).keys.dispose();
    const stored = JSON.stringify([...globalState.values]);
    assert.equal(globalState.values.size, 1);
    assert.ok(!stored.includes(key), stored);
    assert.ok(!stored.includes(key.slice(0, 8)) && !stored.includes(key.slice(-8)), stored);
    const [value] = [...globalState.values.values()] as { fingerprint: string; decision: string }[];
    assert.match(value!.fingerprint, /^[0-9a-f]{16}$/);
    assert.equal(value!.decision, 'used');
  });
});

test('the read the bootstrap started as the rest loaded is the one used: SecretStorage is not read again, and a key stored meanwhile wins', async () => {
  const secrets = new FakeSecrets();
  await secrets.store('youAgents.apiKey', 'FAKE-not-a-key-stored');
  const early = secrets.get('youAgents.apiKey');
  const keys = new KeyStore(secrets as never);
  await keys.load(early);
  assert.equal(secrets.reads, 1);
  assert.equal(keys.apiKey, 'FAKE-not-a-key-stored');

  // Another window stores a new key after the early read went out: the change is kept, not the older read.
  const stale = secrets.get('youAgents.apiKey');
  const later = new KeyStore(secrets as never);
  await secrets.store('youAgents.apiKey', 'FAKE-not-a-key-newer');
  await new Promise((resolve) => setImmediate(resolve));
  await later.load(stale);
  assert.equal(later.apiKey, 'FAKE-not-a-key-newer');
});
