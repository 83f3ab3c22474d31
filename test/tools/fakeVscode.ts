/**
 * The few parts of the `vscode` API that host modules under test use, so they can be bundled
 * (esbuild alias `vscode` -> this file) and run in plain Node or their page opened in a plain
 * browser: src/host/webviewHtml.ts (l10n, env, Uri) and src/host/keys.ts (EventEmitter).
 */
export const l10n: { bundle: Record<string, string> | undefined } = { bundle: undefined };
export const env = { language: 'qps-ploc' };

export class Uri {
  constructor(readonly path: string) {}
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri([base.path.replace(/\/$/, ''), ...segments].join('/'));
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
