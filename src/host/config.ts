import * as vscode from 'vscode';
import type { Log } from '../core/redact';
import { readSettings, type Settings } from '../core/settings';

/** Current `youAgents.*` settings; each bad value is reported once and replaced by its default. */
export function loadSettings(log: Log): Settings {
  const config = vscode.workspace.getConfiguration('youAgents');
  const { settings, warnings } = readSettings((key) => config.get(key));
  for (const warning of warnings) {
    log.warn(warning);
    void vscode.window.showWarningMessage(vscode.l10n.t('You.com settings: {0}', warning));
  }
  return settings;
}
