import type { ResearchViewState } from '../shared/messages';
import type { Act } from './chatActions';
import { h } from './dom';
import { t } from './l10n';

/**
 * The Research agent's effort, next to the agent picker: a compact select whose options carry
 * the price of one call, and the chosen effort's price and duration written out beside it, so
 * the price is seen before the question is sent. Shown only while the Research agent is picked.
 */
export class ResearchControl {
  readonly element: HTMLElement;
  private readonly select = h('select', { class: 'research-effort-select', 'aria-label': t('Research effort') });
  private readonly price = h('span', { class: 'research-price', id: 'research-price' });
  private state: ResearchViewState | undefined;
  private selectedAgentId = '';

  constructor(act: Act) {
    this.select.setAttribute('aria-describedby', 'research-price');
    this.element = h('span', { class: 'research-effort' }, this.select, this.price);
    this.element.hidden = true;
    this.select.addEventListener('change', () => {
      this.showPrice(this.select.value);
      act({ kind: 'setResearchEffort', effort: this.select.value });
    });
  }

  /** The host's effort state (absent: no Research agent). */
  setState(state: ResearchViewState | undefined): void {
    this.state = state;
    if (state) {
      const options = state.efforts.map((e) => h('option', { value: e.effort, text: t('{0} · {1}', e.label, e.price), selected: e.effort === state.effort }));
      this.select.replaceChildren(...options);
      this.select.value = state.effort;
      this.showPrice(state.effort);
    }
    this.render();
  }

  setAgent(agentId: string): void {
    this.selectedAgentId = agentId;
    this.render();
  }

  private render(): void {
    this.element.hidden = !this.state || this.state.agentId !== this.selectedAgentId;
  }

  private showPrice(effort: string): void {
    const e = this.state?.efforts.find((x) => x.effort === effort);
    if (!e) return void (this.price.textContent = '');
    this.price.textContent = e.background
      ? t('{0} per question · {1} · runs in the background', e.price, e.latency)
      : t('{0} per question · {1}', e.price, e.latency);
  }
}
