import { l10n, Uri, window, workspace, type WorkspaceConfiguration } from 'vscode';
import type { Log } from '../core/redact';
import { USER_ONLY_SETTINGS, readSettings, type Settings, type SettingsResult, type SettingsSource } from '../core/settings';
import { keysSetIn } from '../core/workspaceSettings';
import { untranslated } from '../core/translate';
import { settingWarningText } from './common/settingsText';

/**
 * Reads `youAgents.*` by level through `inspect()`: the user level is `globalValue`; every
 * workspace level (workspace, folder, and their language-specific values) counts as workspace.
 * One `inspect()` per key and source: a user-only setting asks for both its workspace levels and
 * its user value, and VS Code walks every level and language override on each call (in a CPU
 * profile of the extension's first use, `inspect()` took 6.6 of the 21.5 sampled ms).
 */
export function settingsSource(config: WorkspaceConfiguration): SettingsSource {
  const inspected = new Map<string, ReturnType<WorkspaceConfiguration['inspect']>>();
  const inspect = (key: string) => {
    if (!inspected.has(key)) inspected.set(key, config.inspect(key));
    return inspected.get(key);
  };
  return {
    get: (key) => config.get(key),
    userValue: (key) => inspect(key)?.globalValue,
    workspaceValueSet: (key) => {
      const levels = inspect(key);
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
  const result = readSettings(settingsSource(workspace.getConfiguration('youAgents')));
  for (const warning of result.warnings) {
    log.warn(settingWarningText(warning, untranslated));
    void window.showWarningMessage(l10n.t('You.com settings: {0}', settingWarningText(warning, l10n.t)));
  }
  reportIgnored(result.ignoredWorkspace, log);
  return result;
}

function reportIgnored(settings: readonly string[], log: Log): void {
  for (const setting of settings) {
    if (reportedIgnored.has(setting)) continue;
    reportedIgnored.add(setting);
    log.warn(`${setting} set by this workspace is ignored (settings that decide where the key and questions go come from the user's settings only)`);
    void window.showWarningMessage(
      l10n.t('{0} set by this workspace is ignored: only your user settings decide where your key and questions go.', setting),
    );
  }
}

/**
 * VS Code itself drops application-scoped values (the endpoints, custom agents) from workspace
 * settings, so `inspect()` never shows them; the user is still told when a workspace tries. Reads each folder's
 * `.vscode/settings.json` and the `.code-workspace` file, if any.
 */
export async function reportWorkspaceEndpointSettings(log: Log): Promise<void> {
  const keys = USER_ONLY_SETTINGS.map((key) => `youAgents.${key}`);
  const files: { uri: Uri; kind: 'folder' | 'workspaceFile' }[] = (workspace.workspaceFolders ?? []).map((folder) => ({
    uri: Uri.joinPath(folder.uri, '.vscode', 'settings.json'),
    kind: 'folder',
  }));
  const workspaceFile = workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, kind: 'workspaceFile' });
  const found = new Set<string>();
  for (const { uri, kind } of files) {
    let bytes: Uint8Array;
    try {
      bytes = await workspace.fs.readFile(uri);
    } catch {
      continue; // no settings file: nothing to report
    }
    for (const key of keysSetIn(new TextDecoder().decode(bytes.subarray(0, 1024 * 1024)), keys, kind)) found.add(key);
  }
  reportIgnored([...found], log);
}

/** Current `youAgents.*` settings; each bad value is reported and replaced by its default. */
export function loadSettings(log: Log): Settings {
  return loadSettingsResult(log).settings;
}
