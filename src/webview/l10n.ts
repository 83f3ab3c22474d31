/** Webview strings: English in the code, translated by the bundle the host sends (vscode.l10n.bundle). */
let bundle: Record<string, string> | undefined;

export function setBundle(next: Record<string, string> | undefined): void {
  bundle = next;
}

export function t(message: string, ...args: (string | number)[]): string {
  const text = bundle?.[message] ?? message;
  return args.length ? text.replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m)) : text;
}
