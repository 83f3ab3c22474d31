import * as vscode from 'vscode';
import type { Log } from '../core/redact';
import { ignoredWorkspaceMessage, readSettings, type Settings, type SettingsResult, type SettingsSource } from '../core/settings';

/**
 * Reads `youAgents.*` by level through `inspect()`: the user level is `globalValue`; every
 * workspace level (workspace, folder, and their language-specific values) counts as workspace.
 */
export function settingsSource(config: vscode.WorkspaceConfiguration): SettingsSource {
  return {
    get: (key) => config.get(key),
    userValue: (key) => config.inspect(key)?.globalValue,
    workspaceValueSet: (key) => {
      const levels = config.inspect(key);
      if (!levels) return false;
      const { workspaceValue, workspaceFolderValue, workspaceLanguageValue, workspaceFolderLanguageValue } = levels;
      return [workspaceValue, workspaceFolderValue, workspaceLanguageValue, workspaceFolderLanguageValue].some((v) => v !== undefined);
    },
  };
}

/** Settings whose ignored workspace value was already reported in this session (a reload does not repeat it). */
const reportedIgnored = new Set<string>();

/** Current `youAgents.*` settings with what was ignored or replaced; reports each problem to the user. */
export function loadSettingsResult(log: Log): SettingsResult {
  const result = readSettings(settingsSource(vscode.workspace.getConfiguration('youAgents')));
  for (const warning of result.warnings) {
    log.warn(warning);
    void vscode.window.showWarningMessage(vscode.l10n.t('You.com settings: {0}', warning));
  }
  for (const setting of result.ignoredWorkspace) {
    if (reportedIgnored.has(setting)) continue;
    reportedIgnored.add(setting);
    log.warn(ignoredWorkspaceMessage(setting));
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0} set by this workspace is ignored: only your user settings decide where your key and questions go.', setting),
    );
  }
  return result;
}

/** Current `youAgents.*` settings; each bad value is reported and replaced by its default. */
export function loadSettings(log: Log): Settings {
  return loadSettingsResult(log).settings;
}
