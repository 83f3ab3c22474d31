import type { Translate } from '../../../core/translate';
import { libraryText, type LibraryVersionShown } from '../../../core/context/versionsLine';

/**
 * The words of attachments the user sees, in the display language (the blocks sent to the agent
 * stay English). `t` is vscode.l10n.t, injected so this module runs in plain Node tests.
 */

/** A terminal selection's chip. */
export function terminalChipLabel(terminalName: string, t: Translate): string {
  return t('Terminal: {0}', terminalName);
}

/** The question as the chat shows it when something was attached; `labels` are the chips' labels, comma-separated. */
export function attachedQuestionLabel(question: string, labels: string, t: Translate): string {
  return t('{0} [attached: {1}]', question, labels);
}

/** The versions chip in the composer: "Versions: react 18.3.1, zod 3.23.8". */
export function versionsChipLabel(libraries: readonly LibraryVersionShown[], t: Translate): string {
  return t('Versions: {0}', libraryText(libraries));
}

/** A question's label with the versions sent along, unchanged without any. */
export function versionsQuestionLabel(label: string, libraries: readonly LibraryVersionShown[], t: Translate): string {
  return libraries.length ? t('{0} [versions: {1}]', label, libraryText(libraries)) : label;
}
