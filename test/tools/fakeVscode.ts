/**
 * The few parts of the `vscode` API that src/host/webviewHtml.ts uses, so the real HTML builder
 * can be bundled (esbuild alias `vscode` -> this file) and its page opened in a plain browser.
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
