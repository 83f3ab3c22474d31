import { l10n, window } from 'vscode';
import { hasHidden, showHidden } from '../core/visibleText';

/**
 * A question about to go to an agent, as the user can see it. A question with invisible,
 * reordering or control characters (pasted, or passed to a command by a link or another
 * extension) is shown again with them written out as ⟨U+XXXX⟩, and what is sent is the text
 * as then shown. Undefined when the user cancels.
 */
export async function questionAsShown(question: string): Promise<string | undefined> {
  if (!hasHidden(question)) return question;
  const answer = await window.showInputBox({
    title: l10n.t('Check the question'),
    value: showHidden(question),
    prompt: l10n.t('The question had invisible or reordering characters: they are written out as ⟨U+…⟩ and sent as shown.'),
    ignoreFocusOut: true,
  });
  return answer?.trim() ? showHidden(answer.trim()) : undefined;
}
