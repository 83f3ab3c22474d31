import type { AgentInfo } from '../shared/messages';
import type { Act } from './chatActions';
import { h } from './dom';
import { t } from './l10n';

/** The toolbar above the transcript: the agent picker, grouped, and the demo badge. */
export class AgentPicker {
  private readonly select = h('select', { class: 'agent-select', 'aria-label': t('Agent') });
  private readonly demoBadge = h('span', { class: 'badge', title: t('Answers come from the local demo server'), text: t('Demo') });
  /** Controls beside the picker go in this toolbar, after the select. */
  readonly element = h('header', { class: 'toolbar' }, this.select, this.demoBadge);

  constructor(act: Act) {
    this.select.addEventListener('change', () => act({ kind: 'selectAgent', agentId: this.select.value }));
  }

  setDemo(demo: boolean): void {
    this.demoBadge.hidden = !demo;
  }

  setAgents(agents: AgentInfo[], selected: string): void {
    const groups = new Map<string, HTMLOptGroupElement>();
    this.select.replaceChildren();
    for (const agent of agents) {
      let group = groups.get(agent.group);
      if (!group) {
        group = h('optgroup', { label: agent.group });
        groups.set(agent.group, group);
        this.select.append(group);
      }
      const label = agent.unavailable ? `${agent.label} (${t('unavailable')})` : agent.label;
      group.append(
        h('option', {
          value: agent.id,
          title: agent.unavailable ?? agent.description,
          selected: agent.id === selected,
          disabled: Boolean(agent.unavailable),
          text: label,
        }),
      );
    }
    this.select.value = selected;
  }
}
