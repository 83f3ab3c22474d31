import { formatMessage } from '../core/translate';
import { L10N_ELEMENT_ID, parseBundle, type L10nBundle } from '../shared/l10nBundle';

/**
 * Webview strings are keyed by their English text, exactly as the host's vscode.l10n.t calls,
 * and looked up in the bundle the host embeds in the page (see src/shared/l10nBundle.ts).
 * Without a bundle (English) or a translation, the English text is used.
 */
let bundle: L10nBundle | undefined;

function activeBundle(): L10nBundle {
  bundle ??= parseBundle(typeof document === 'undefined' ? undefined : document.getElementById(L10N_ELEMENT_ID)?.textContent);
  return bundle;
}

export function t(message: string, ...args: (string | number)[]): string {
  const translated = activeBundle()[message];
  return formatMessage(typeof translated === 'string' ? translated : message, args);
}
