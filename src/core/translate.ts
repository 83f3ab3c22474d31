/**
 * How wording functions receive the display language: `t` is vscode.l10n.t in the host, the
 * webview's bundle lookup there, and `untranslated` (English, placeholders filled) for logs, the
 * core's error messages and tests. Pure: no vscode, Node or DOM, so every layer can use it.
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** Formats `{0}`-style placeholders, as vscode.l10n.t does; unknown ones stay as written. */
export function formatMessage(message: string, args: readonly (string | number)[]): string {
  return args.length ? message.replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m)) : message;
}

/** No translation, placeholders filled: the English text, for logs and tests. */
export const untranslated: Translate = (message, ...args) => formatMessage(message, args);
