import { commands, type Disposable, l10n, window } from 'vscode';
import { displayUrl } from '../../core/url';
import type { CommandDeps } from './deps';

/** "Set Agent Server Token": the bearer token of an agent server (A2A or ACP) that names a `tokenSecret`, kept in secret storage. */
export function registerSetAcpToken({ settings, keys, agentServers }: CommandDeps): Disposable {
  return commands.registerCommand('youAgents.setAcpToken', async () => {
    const servers = settings().agentServers.filter((s) => s.tokenSecret);
    if (servers.length === 0) {
      void window.showInformationMessage(l10n.t('Give a server a "tokenSecret" name in youAgents.agentServers first.'));
      return;
    }
    const items = servers.map((s) => ({ label: s.name, description: displayUrl(s.url), server: s }));
    const title = l10n.t('Set the token of which agent server?');
    const picked = servers.length === 1 ? servers[0] : (await window.showQuickPick(items, { title }))?.server;
    if (!picked?.tokenSecret) return;
    const token = await window.showInputBox({ title: l10n.t('Bearer token for {0}', picked.name), password: true, ignoreFocusOut: true });
    if (!token?.trim()) return;
    await keys.setAcpToken(picked.tokenSecret, token.trim());
    await agentServers.refresh();
  });
}
