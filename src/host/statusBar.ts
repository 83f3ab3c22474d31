import { type Disposable, l10n, StatusBarAlignment, window } from 'vscode';

/** The selected agent and whether it is answering, in the status bar; a click picks another agent. */
export class AgentStatusBar implements Disposable {
  private readonly item = window.createStatusBarItem('youAgents.agent', StatusBarAlignment.Right, 100);

  private last: { agentLabel: string; busy: boolean } | undefined;

  /** `extra`: a line added to the tooltip (today's research spend estimate), if any. */
  constructor(private readonly extra: () => string | undefined = () => undefined) {
    this.item.name = l10n.t('You.com Agent');
    this.item.command = 'youAgents.selectAgent';
  }

  update(status: { agentLabel: string; busy: boolean }): void {
    this.last = status;
    this.item.text = `${status.busy ? '$(loading~spin)' : '$(hubot)'} ${status.agentLabel}`;
    this.item.tooltip = status.busy
      ? l10n.t('{0} is answering. Click to pick another agent.', status.agentLabel)
      : l10n.t('You.com agent: {0}. Click to pick another agent.', status.agentLabel);
    const extra = this.extra();
    if (extra) this.item.tooltip = l10n.t('{0}\n{1}', this.item.tooltip, extra);
    this.item.accessibilityInformation = { label: this.item.tooltip, role: 'button' };
    this.item.show();
  }

  /** The tooltip's extra line changed. */
  refresh(): void {
    if (this.last) this.update(this.last);
  }

  dispose(): void {
    this.item.dispose();
  }
}
