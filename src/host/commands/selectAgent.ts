import * as vscode from 'vscode';
import type { CommandDeps } from './deps';

/** "Select Agent": the agents (agent servers asked again first), grouped, the selected one checked. */
export function registerSelectAgent({ controller, agentServers }: CommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('youAgents.selectAgent', async () => {
    await agentServers.refresh();
    type Item = vscode.QuickPickItem & { id?: string };
    const items: Item[] = [];
    let group = '';
    for (const agent of controller.agents()) {
      if (agent.group !== group) {
        group = agent.group;
        items.push({ label: group, kind: vscode.QuickPickItemKind.Separator });
      }
      items.push({
        id: agent.id,
        label: `${agent.id === controller.selectedAgent ? '$(check) ' : ''}${agent.label}`,
        description: agent.unavailable ? vscode.l10n.t('unavailable') : undefined,
        detail: agent.unavailable ?? agent.description,
      });
    }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Select an agent'), matchOnDetail: true });
    if (picked?.id) await controller.selectAgent(picked.id);
  });
}
