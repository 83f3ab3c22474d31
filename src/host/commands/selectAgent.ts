import { commands, type Disposable, l10n, type QuickPickItem, QuickPickItemKind, window } from 'vscode';
import type { CommandDeps } from './deps';

/** "Select Agent": the agents (agent servers asked again first), grouped, the selected one checked. */
export function registerSelectAgent({ controller, agentServers }: CommandDeps): Disposable {
  return commands.registerCommand('youAgents.selectAgent', async () => {
    await agentServers.refresh();
    type Item = QuickPickItem & { id?: string };
    const items: Item[] = [];
    let group = '';
    for (const agent of controller.agents()) {
      if (agent.group !== group) {
        group = agent.group;
        items.push({ label: group, kind: QuickPickItemKind.Separator });
      }
      items.push({
        id: agent.id,
        label: `${agent.id === controller.selectedAgent ? '$(check) ' : ''}${agent.label}`,
        description: agent.unavailable ? l10n.t('unavailable') : undefined,
        detail: agent.unavailable ?? agent.description,
      });
    }
    const picked = await window.showQuickPick(items, { title: l10n.t('Select an agent'), matchOnDetail: true });
    if (picked?.id) await controller.selectAgent(picked.id);
  });
}
