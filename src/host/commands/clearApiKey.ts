import * as vscode from 'vscode';
import type { CommandDeps } from './deps';

/** "Clear API Key": removes the stored key. */
export function registerClearApiKey({ controller, keys }: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('youAgents.clearApiKey', async () => {
    await keys.clearApiKey();
    controller.refresh();
    void vscode.window.showInformationMessage(vscode.l10n.t('You.com API key removed.'));
  });
}
