import { EventEmitter, l10n, type Memento, window } from 'vscode';
import { addSpend, formatDollars, todaySpend, type DaySpend } from '../../core/researchSpend';
import type { ResearchTurn } from '../../core/researchTurn';
import {
  CONFIRMED_EFFORTS,
  isResearchEffort,
  RESEARCH_EFFORTS,
  RESEARCH_PRICES,
  researchPrice,
  runsInBackground,
  type ResearchEffort,
} from '../../core/you/research';
import type { ResearchViewState } from '../../shared/messages';
import { RESEARCH_AGENT_ID } from './researchRoute';

const EFFORT_KEY = 'youAgents.research.effort';
const CONFIRMED_KEY = 'youAgents.research.confirmedEfforts';
const SPEND_KEY = 'youAgents.research.spend';

/**
 * The Research effort of this window's next question (picked next to the agent picker, default
 * from `youAgents.research.defaultEffort`), the one-time confirmation of the expensive efforts,
 * and the estimate of what this window started today (status bar tooltip).
 */
export class ResearchState {
  private readonly changed = new EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly windowState: Memento,
    private readonly userState: Memento,
    private readonly defaultEffort: () => ResearchEffort,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get effort(): ResearchEffort {
    const picked = this.windowState.get<unknown>(EFFORT_KEY);
    return isResearchEffort(picked) ? picked : this.defaultEffort();
  }

  async setEffort(effort: ResearchEffort): Promise<void> {
    await this.windowState.update(EFFORT_KEY, effort);
    this.changed.fire();
  }

  view(): ResearchViewState {
    return {
      agentId: RESEARCH_AGENT_ID,
      effort: this.effort,
      efforts: RESEARCH_EFFORTS.map((effort) => ({
        effort,
        label: effortLabel(effort),
        price: formatDollars(researchPrice(effort)),
        latency: RESEARCH_PRICES[effort].latency,
        background: runsInBackground(effort),
      })),
    };
  }

  /**
   * The research request for the next question, or undefined when the user declined an expensive
   * effort. Exhaustive and frontier ask once (modal: the price is the point); the answer is kept.
   */
  async prepare(): Promise<ResearchTurn | undefined> {
    const effort = this.effort;
    if (CONFIRMED_EFFORTS.includes(effort) && !this.confirmed().includes(effort)) {
      const run = l10n.t('Run');
      const answer = await window.showWarningMessage(
        l10n.t(
          '{0} research costs {1} per question and may take {2}.',
          effortLabel(effort),
          formatDollars(researchPrice(effort)),
          RESEARCH_PRICES[effort].latency,
        ),
        { modal: true, detail: l10n.t('You are asked once per effort; later questions at this effort run without asking.') },
        run,
      );
      if (answer !== run) return undefined;
      await this.userState.update(CONFIRMED_KEY, [...this.confirmed(), effort]);
    }
    return { effort, background: runsInBackground(effort) };
  }

  /** One call You.com took at `effort` (from the route, so Retry, Edit and `/research` count too). */
  async countAccepted(effort: ResearchEffort): Promise<void> {
    await this.windowState.update(SPEND_KEY, addSpend(this.spend(), researchPrice(effort), this.now()));
    this.changed.fire();
  }

  /** Today's estimate for this window: runs started and dollars by the price table. */
  spend(): DaySpend {
    return todaySpend(this.windowState.get<unknown>(SPEND_KEY), this.now());
  }

  spendText(): string | undefined {
    const spend = this.spend();
    if (spend.runs === 0) return undefined;
    const dollars = formatDollars(spend.dollars);
    return l10n.t('Research started in this window today: {0} question(s), about {1} (estimate from the price table).', spend.runs, dollars);
  }

  private confirmed(): ResearchEffort[] {
    const value = this.userState.get<unknown>(CONFIRMED_KEY);
    return Array.isArray(value) ? value.filter(isResearchEffort) : [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function effortLabel(effort: ResearchEffort): string {
  switch (effort) {
    case 'lite':
      return l10n.t('Lite');
    case 'standard':
      return l10n.t('Standard');
    case 'deep':
      return l10n.t('Deep');
    case 'exhaustive':
      return l10n.t('Exhaustive');
    case 'frontier':
      return l10n.t('Frontier');
  }
}
