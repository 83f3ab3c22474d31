import { commands, type Disposable, l10n, window } from 'vscode';
import type { CommandDeps } from './deps';

/** "Clear API Key": removes the stored key. */
export function registerClearApiKey({ controller, keys }: CommandDeps): Disposable {
  return commands.registerCommand('youAgents.clearApiKey', async () => {
    await keys.clearApiKey();
    controller.refresh();
    void window.showInformationMessage(l10n.t('You.com API key removed.'));
  });
}
