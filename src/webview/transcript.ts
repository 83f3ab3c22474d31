import type { Turn } from '../shared/messages';
import type { Act } from './chatActions';
import type { SendKey } from './composerKeys';
import { h, icon, textButton } from './dom';
import { t } from './l10n';
import { ChunkedOpen, estimateTurnHeight, firstBatchStart, idleSchedule } from './progressiveOpen';
import { TranscriptKeeper } from './transcriptKeeper';
import type { TurnRenderer, TurnView } from './turnView';

/** Pixels from the bottom that still count as "at the bottom" (follow the stream). */
const FOLLOW_SLACK = 40;

/** The conversation's turns, in order, following the newest answer unless the reader scrolled up. */
export class Transcript {
  readonly element = h('main', { class: 'transcript', tabindex: '0', 'aria-label': t('Conversation') });
  readonly jump = textButton(t('Jump to latest'), { class: 'text-button jump', 'data-action': 'jumpToLatest' }, 'arrow-down');
  /** In conversation order (recall reads it so). */
  private readonly turns = new Map<string, TurnView>();
  private readonly keeper = new TranscriptKeeper(this.element, () => this.following, () => this.scrollToEnd());
  /** Older turns of the conversation being opened, still to be rendered above the others. */
  private opening: ChunkedOpen<Turn, TurnView> | undefined;
  private readonly emptyState = h(
    'div',
    { class: 'empty-state' },
    icon('comment-discussion'),
    h('p', { text: t('Ask a question to start. Select code in an editor and run "Ask about selection" to ask about it.') }),
  );
  private following = true;

  constructor(
    /** Turns' views, from the turns chunk: src/webview/main.ts hands on no message that renders a turn before it is loaded. */
    private readonly renderer: () => TurnRenderer,
    private readonly act: Act,
  ) {
    this.element.append(this.emptyState);
    this.element.addEventListener('scroll', () => {
      const gap = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight;
      this.following = gap <= FOLLOW_SLACK;
      if (this.following) this.jump.hidden = true;
    });
  }

  /** Shows another conversation (or the same one anew); while history is read, an empty one shows nothing. */
  show(turns: Turn[], activeTurnId: string | null, restoring: boolean): void {
    this.opening?.cancel();
    this.opening = undefined;
    this.keeper.clear();
    this.turns.clear();
    this.element.replaceChildren();
    this.following = true;
    // No turns: nothing to measure or scroll (reading layout here cost the first paint a forced layout).
    if (turns.length === 0) {
      if (!restoring) this.element.append(this.emptyState);
      this.jump.hidden = true;
      return;
    }
    this.openTurns(turns, activeTurnId);
    this.scrollToEnd();
  }

  setBusy(busy: boolean): void {
    this.element.setAttribute('aria-busy', String(busy));
  }

  turnStarted(turn: Turn): void {
    const existing = this.turns.get(turn.id);
    if (existing) existing.update(turn, true);
    else this.addTurn(turn);
    this.jumpToLatest();
  }

  turnUpdated(turn: Turn): void {
    // A turn of a conversation still opening that is not rendered yet takes the new data.
    if (!this.opening?.replace(turn)) this.turns.get(turn.id)?.update(turn, true);
  }

  turnEnded(turn: Turn): void {
    const view = this.turns.get(turn.id);
    if (view) view.update(turn, view.answer.text !== turn.answer);
    else this.addTurn(turn);
  }

  remove(turnIds: string[]): void {
    for (const id of turnIds) {
      const view = this.turns.get(id);
      if (!view) continue;
      this.keeper.forget(view.element);
      view.element.remove();
      this.turns.delete(id);
    }
  }

  /** The turn's view, for the events that stream into it (text, sources, steps). */
  turn(turnId: string | null): TurnView | undefined {
    return turnId === null ? undefined : this.turns.get(turnId);
  }

  /** The conversation's last question typed as such (not a labelled selection or problem). */
  lastPlainQuestion(): string | undefined {
    return [...this.turns.values()]
      .map((view) => view.turn)
      .filter((turn) => !turn.questionLabel)
      .at(-1)?.question;
  }

  /** Opens the question for editing; the note counts the turns after it as the transcript shows them. */
  startEdit(turnId: string, sendKey: SendKey): void {
    const view = this.turns.get(turnId);
    if (!view) return;
    let later = 0;
    for (let next = view.element.nextElementSibling; next; next = next.nextElementSibling) if (next.classList.contains('turn')) later++;
    view.startEdit(later, sendKey);
  }

  jumpToLatest(): void {
    this.following = true;
    this.scrollToEnd();
  }

  /**
   * The newest turns at once, as many as fill the view (and the active one); the older ones
   * newest-first on idle slices, each slice put above the others without moving the view.
   */
  private openTurns(turns: Turn[], activeTurnId: string | null): void {
    const width = this.element.clientWidth || window.innerWidth;
    const heights = turns.map((turn) => estimateTurnHeight(turn, width));
    const active = turns.findIndex((turn) => turn.id === activeTurnId);
    const start = firstBatchStart(heights, this.element.clientHeight || window.innerHeight, active === -1 ? turns.length - 1 : active);
    for (let i = start; i < turns.length; i++) this.addTurn(turns[i]!, heights[i]);
    if (start === 0) return;
    const estimates = new Map(turns.map((turn, i) => [turn.id, heights[i]]));
    this.opening = new ChunkedOpen(
      turns.slice(0, start),
      (turn) => this.turnView(turn, estimates.get(turn.id)),
      (views) => {
        const newer = [...this.turns.values()];
        this.turns.clear();
        for (const view of [...views, ...newer]) this.turns.set(view.turn.id, view);
        this.keeper.prepend(views.map((view) => view.element));
      },
      idleSchedule,
      () => performance.now(),
    );
  }

  private addTurn(turn: Turn, estimate?: number): void {
    // A turn of the conversation being opened that is not rendered yet is rendered with this data.
    if (this.opening?.replace(turn)) return;
    this.emptyState.remove();
    const view = this.turnView(turn, estimate);
    this.turns.set(turn.id, view);
    this.element.append(view.element);
    this.keeper.watch(view.element);
    this.afterRender();
  }

  /** A turn's view; renders before it is in the page do not move the transcript. */
  private turnView(turn: Turn, estimate?: number): TurnView {
    let built = false;
    const view = this.renderer().turnView(turn, this.act, () => {
      if (built && view.element.isConnected) this.afterRender();
    });
    built = true;
    if (estimate) view.element.style.setProperty('contain-intrinsic-block-size', `auto ${estimate}px`);
    return view;
  }

  private afterRender(): void {
    if (this.following) this.scrollToEnd();
    else if (this.jump.hidden) this.jump.hidden = false;
  }

  private scrollToEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
    if (!this.jump.hidden) this.jump.hidden = true;
  }
}
