/**
 * Opening a long conversation: the newest turns (what the view, scrolled to the end, shows) are
 * rendered at once; older ones follow newest-first, a few per idle slice, so the first paint does
 * not wait for a hundred answers' Markdown. Pure logic (no DOM): the caller builds and inserts.
 */

/** What the estimate needs of a turn. */
export interface TurnSize {
  question: string;
  answer: string;
  citations: readonly unknown[];
}

/**
 * A turn's height in pixels before it has been laid out (its `contain-intrinsic-size`), in a
 * transcript `width` pixels wide (its clientWidth): a fixed part (question, agent label, margins),
 * a part per source line (code lines do not wrap) and a part per character over the width (prose
 * wraps). Fitted on the bench's 30 KB and 120 KB answers and slices of them at 360, 560 and 960
 * px: within 5% for the long ones, 25 px for the short.
 */
export function estimateTurnHeight(turn: TurnSize, width: number): number {
  let lines = 1;
  for (let i = turn.answer.indexOf('\n'); i !== -1; i = turn.answer.indexOf('\n', i + 1)) lines++;
  const chars = turn.answer.length + turn.question.length;
  const sources = turn.citations.length ? 30 + 42 * turn.citations.length : 0;
  return Math.round(64 + 14 * lines + (140 * chars) / Math.max(width, 160) + sources);
}

/**
 * The index of the oldest turn to render at once: the newest turns whose estimated heights fill
 * `viewport` pixels (at least one turn; `mustShow`, the active turn, and all after it, always).
 */
export function firstBatchStart(heights: readonly number[], viewport: number, mustShow = heights.length - 1): number {
  let start = heights.length;
  let filled = 0;
  while (start > 0 && (start > mustShow || filled < viewport)) filled += heights[--start]!;
  return start;
}

/** Runs a callback later (an idle callback in the webview); returns a function that cancels it. */
export type Schedule = (run: () => void) => () => void;

/**
 * Builds `items` (older turns, in conversation order) newest-first: each slice builds items until
 * `budgetMs` has passed (at least one), then hands them to `insert` in conversation order, to go
 * above what is shown. `cancel` stops it (another conversation arrived); `replace` swaps an item
 * not yet built for newer data (a turn event for it arrived meanwhile).
 */
export class ChunkedOpen<T extends { id: string }, B> {
  private next: number;
  private cancelSlice: (() => void) | undefined;
  private cancelled = false;

  constructor(
    private readonly items: T[],
    private readonly build: (item: T) => B,
    private readonly insert: (built: B[]) => void,
    private readonly schedule: Schedule,
    private readonly now: () => number,
    private readonly budgetMs = 8,
    private readonly onDone: () => void = () => undefined,
  ) {
    this.next = items.length;
    this.plan();
  }

  /** Items not built yet. */
  get pending(): number {
    return this.next;
  }

  cancel(): void {
    this.cancelled = true;
    this.cancelSlice?.();
    this.cancelSlice = undefined;
    this.next = 0;
  }

  /** Swaps the pending item with this id for `item`; false if there is none (built already, or unknown). */
  replace(item: T): boolean {
    for (let i = 0; i < this.next; i++) {
      if (this.items[i]!.id === item.id) {
        this.items[i] = item;
        return true;
      }
    }
    return false;
  }

  private plan(): void {
    if (this.cancelled) return;
    if (this.next === 0) {
      this.cancelSlice = undefined;
      this.onDone();
      return;
    }
    this.cancelSlice = this.schedule(() => this.slice());
  }

  private slice(): void {
    const start = this.now();
    const built: B[] = [];
    do built.unshift(this.build(this.items[--this.next]!));
    while (this.next > 0 && this.now() - start < this.budgetMs);
    this.insert(built);
    this.plan();
  }
}

/** The webview's Schedule: an idle callback (within 200 ms even when never idle), else a task. */
export const idleSchedule: Schedule = (run) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 200 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
};
