/**
 * Webview strings are written in English here; no translation bundle is fed in yet (the host's
 * strings go through vscode.l10n). `t` formats {0}-style arguments.
 */
export function t(message: string, ...args: (string | number)[]): string {
  return args.length ? message.replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m)) : message;
}
