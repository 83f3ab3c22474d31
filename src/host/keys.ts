import { createHash } from 'node:crypto';
import * as vscode from 'vscode';

const YOU_KEY = 'youAgents.apiKey';
/** globalState: fingerprint of the last `YOU_API_KEY` imported (never the key). */
const IMPORTED_KEY = 'youAgents.importedEnvKey';

/**
 * The You.com key and ACP tokens, in SecretStorage only. A cached copy is kept in memory
 * so redaction and runs need no await; it is refreshed on every change, from any window.
 */
export class KeyStore implements vscode.Disposable {
  private youKey: string | undefined;
  private readonly tokens = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange(async (e) => {
      if (e.key === YOU_KEY) this.youKey = (await secrets.get(YOU_KEY)) || undefined;
      else if (e.key.startsWith('youAgents.acp.')) this.tokens.delete(e.key);
      this.changed.fire();
    });
  }

  /** Reads the stored key into memory; until then `apiKey` is undefined. */
  async load(): Promise<void> {
    const stored = (await this.secrets.get(YOU_KEY)) || undefined;
    this.youKey ??= stored;
  }

  /**
   * `YOU_API_KEY` from the environment (the start command passes it) moves into SecretStorage
   * once: its fingerprint is remembered, so after Clear API Key the same value is not imported
   * again. A different value in the environment is a new key and is imported.
   */
  async importFromEnvironment(value: string | undefined, remembered: vscode.Memento): Promise<void> {
    const key = value?.trim();
    if (!key) return;
    const print = createHash('sha256').update(key).digest('hex').slice(0, 16);
    if (remembered.get<string>(IMPORTED_KEY) === print) return;
    await remembered.update(IMPORTED_KEY, print);
    if (this.youKey !== key) await this.setApiKey(key);
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
