/**
 * The few parts of the `vscode` API that host modules under test use, so they can be bundled
 * (esbuild alias `vscode` -> this file) and run in plain Node or their page opened in a plain
 * browser: src/host/webviewHtml.ts (l10n, env, Uri), src/host/keys.ts (EventEmitter) and
 * src/host/hostActions.ts (window, env.openExternal; what they were asked is kept in `recorded`).
 * Host modules import what they use by name, so the bundle fails on a name this file lacks.
 */
export const l10n: { bundle: Record<string, string> | undefined; t: (message: string, ...args: unknown[]) => string } = {
  bundle: undefined,
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
};

/** What host code asked the fake to open or show, in order. */
export const recorded = { opened: [] as string[], warnings: [] as string[] };

export const env = {
  language: 'qps-ploc',
  openExternal: async (uri: Uri): Promise<boolean> => {
    recorded.opened.push(uri.toString());
    return true;
  },
};

export const window = {
  activeTextEditor: undefined,
  onDidChangeActiveTextEditor: () => ({ dispose() {} }),
  showWarningMessage: async (message: string) => void recorded.warnings.push(message),
  showInformationMessage: async () => undefined,
  setStatusBarMessage: () => ({ dispose() {} }),
};

/** Named in hostActions.ts but not used by the tests that load it: a call says so. */
const notFaked = (what: string) => async (): Promise<never> => {
  throw new Error(`test/tools/fakeVscode.ts does not fake ${what}`);
};
export const commands = { executeCommand: notFaked('commands.executeCommand') };
export const workspace = { openTextDocument: notFaked('workspace.openTextDocument') };

export class Uri {
  constructor(readonly path: string) {}
  static parse(value: string): Uri {
    return new Uri(value);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri([base.path.replace(/\/$/, ''), ...segments].join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return this.path;
  }
}

/** vscode.EventEmitter: listeners called in order, synchronously; disposing one removes it. */
export class EventEmitter<T> {
  private listeners: ((value: T) => unknown)[] = [];
  readonly event = (listener: (value: T) => unknown): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}
