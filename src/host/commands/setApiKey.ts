import { commands, type Disposable, l10n, ProgressLocation, window } from 'vscode';
import { errorText } from '../../core/errorText';
import type { CommandDeps } from './deps';

/** "Set API Key": asks for the key, checks it with You.com, stores it unless it was rejected. Resolves true when stored. */
export function registerSetApiKey({ controller, keys, you }: CommandDeps): Disposable {
  return commands.registerCommand('youAgents.setApiKey', async (): Promise<boolean> => {
    const key = await window.showInputBox({
      title: l10n.t('You.com: Set API Key'),
      prompt: l10n.t('Paste your You.com API key. It is kept in VS Code secret storage only.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : l10n.t('The key cannot be empty.')),
    });
    if (!key?.trim()) return false;
    const trimmed = key.trim();
    const check = await window.withProgress(
      { location: ProgressLocation.Notification, title: l10n.t('Checking the key…') },
      () => you.checkKey(trimmed),
    );
    if (check.result === 'invalid') {
      void window.showErrorMessage(l10n.t('The key was rejected: {0}', errorText(check.reason, l10n.t)));
      return false;
    }
    await keys.setApiKey(trimmed);
    if (check.result === 'valid') void window.showInformationMessage(l10n.t('You.com API key saved. It works.'));
    else {
      const why = errorText(check.reason, l10n.t);
      void window.showWarningMessage(l10n.t('You.com API key saved, but it could not be checked: {0}', why));
    }
    controller.refresh();
    return true;
  });
}
