import type { Translate } from '../../../core/translate';

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
