import { createHash } from 'node:crypto';
import { type Disposable, EventEmitter, l10n, type Memento, type SecretStorage, window } from 'vscode';

import { YOU_KEY_SECRET as YOU_KEY } from './secretIds';

/** globalState, older releases: fingerprint of the last `YOU_API_KEY` imported (never the key). */
const IMPORTED_KEY = 'youAgents.importedEnvKey';
/** globalState: `{ fingerprint, decision }` for the last `YOU_API_KEY` offered (never the key). */
const ENV_KEY_DECISION = 'youAgents.environmentKeyDecision';

/** How `YOU_API_KEY` may be taken: silently only in a trusted launch, otherwise by asking. */
export interface EnvironmentKeyOffer {
  /** Development or Test extension mode (F5, the extension tests). */
  trustedLaunch: boolean;
  /** `vscode.env.remoteName`: set in a remote, container or Codespace window. */
  remoteName: string | undefined;
  /** Asks the user: true uses the key, false declines, undefined (dismissed) decides nothing. */
  ask(remoteName: string | undefined): Promise<boolean | undefined>;
}

export type EnvironmentKeyOutcome = 'no-key' | 'kept-stored' | 'decided-before' | 'dismissed' | 'used' | 'declined';

/**
 * The You.com key and ACP tokens, in SecretStorage only. A cached copy is kept in memory
 * so redaction and runs need no await; it is refreshed on every change, from any window.
 */
export class KeyStore implements Disposable {
  private youKey: string | undefined;
  private readonly tokens = new Map<string, string>();
  private readonly changed = new EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: Disposable;

  constructor(private readonly secrets: SecretStorage) {
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key === YOU_KEY) this.youKey = (await secrets.get(YOU_KEY)) || undefined;
      else if (e.key.startsWith('youAgents.acp.')) this.tokens.delete(e.key);
      this.changed.fire();
    });
  }

  /** Reads the stored key into memory; until then `apiKey` is undefined. */
  /** `read`: a read of the stored key already under way (the bootstrap starts one as it loads the rest). */
  async load(read: Thenable<string | undefined> = this.secrets.get(YOU_KEY)): Promise<void> {
    const stored = (await read) || undefined;
    this.youKey ??= stored;
  }

  /**
   * `YOU_API_KEY` from the environment never replaces a stored key. With no key stored it is
   * used only when the user accepts `offer.ask` (which names the source), or silently in a
   * Development/Test launch of a local window. The answer is remembered per key value (its
   * fingerprint, never the key), so the same value is not offered again, also after Clear API
   * Key; a dismissed prompt is asked again next time. In a remote or container window the
   * environment may come from the repository (`remoteEnv`, `containerEnv`), so it always asks.
   */
  async offerEnvironmentKey(value: string | undefined, remembered: Memento, offer: EnvironmentKeyOffer): Promise<EnvironmentKeyOutcome> {
    const key = value?.trim();
    if (!key) return 'no-key';
    if (this.youKey !== undefined) return 'kept-stored';
    const print = createHash('sha256').update(key).digest('hex').slice(0, 16);
    const earlier = remembered.get<{ fingerprint?: string; decision?: EnvironmentKeyOutcome }>(ENV_KEY_DECISION);
    if (earlier?.fingerprint === print || remembered.get<string>(IMPORTED_KEY) === print) return 'decided-before';
    const silent = offer.trustedLaunch && offer.remoteName === undefined;
    const accepted = silent || (await offer.ask(offer.remoteName));
    if (accepted === undefined) return 'dismissed';
    // A key set while the prompt was open wins: the environment's never replaces it.
    if (accepted && this.youKey !== undefined) return 'kept-stored';
    const decision: EnvironmentKeyOutcome = accepted ? 'used' : 'declined';
    await remembered.update(ENV_KEY_DECISION, { fingerprint: print, decision });
    if (accepted) await this.setApiKey(key);
    return decision;
  }

  get apiKey(): string | undefined {
    return this.youKey;
  }

  async setApiKey(key: string): Promise<void> {
    this.youKey = key;
    await this.secrets.store(YOU_KEY, key);
    this.changed.fire();
  }

  async clearApiKey(): Promise<void> {
    this.youKey = undefined;
    await this.secrets.delete(YOU_KEY);
    this.changed.fire();
  }

  /** A bearer token for an ACP server, stored under the name its setting gives. */
  async acpToken(name: string): Promise<string | undefined> {
    const key = `youAgents.acp.${name}`;
    if (!this.tokens.has(key)) {
      const value = await this.secrets.get(key);
      if (value) this.tokens.set(key, value);
    }
    return this.tokens.get(key);
  }

  async setAcpToken(name: string, token: string): Promise<void> {
    const key = `youAgents.acp.${name}`;
    this.tokens.set(key, token);
    await this.secrets.store(key, token);
  }

  /** Every secret we hold, for redaction. */
  all(): string[] {
    return [this.youKey, ...this.tokens.values()].filter((v): v is string => Boolean(v));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The prompt of `offerEnvironmentKey`: names the source, and in a remote window why it matters. */
export async function askToUseEnvironmentKey(remoteName: string | undefined): Promise<boolean | undefined> {
  const use = l10n.t('Use This Key');
  const decline = l10n.t("Don't Use");
  const answer = remoteName
    ? await window.showWarningMessage(
        l10n.t(
          'Use the You.com key from the environment (YOU_API_KEY)? This window runs in "{0}", whose environment can come from the repository.',
          remoteName,
        ),
        use,
        decline,
      )
    : await window.showInformationMessage(
        l10n.t("Use the You.com key from the environment (YOU_API_KEY)? No key is stored; questions would go to this key's account."),
        use,
        decline,
      );
  return answer === undefined ? undefined : answer === use;
}
