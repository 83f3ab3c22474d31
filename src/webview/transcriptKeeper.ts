/**
 * Where the transcript stays put, and what far-away turns cost.
 *
 * Finished turns have `content-visibility: auto` (style.css): out of view, they are neither laid
 * out nor painted, and take the size they last had (or their estimate) until they come near.
 * That saves layout, not memory: their layout objects and styles stay. So turns more than
 * PARK_MARGIN above or below the view are parked: everything but the question is `display: none`
 * at the height the turn had, which frees those: the renderer memory that 50 long answers add
 * went from 150-240 MB to 90-130 MB over seven bench runs. Keeping old turns as HTML strings saved
 * no more than that when measured (the layout objects and styles are most of it), and would
 * cost serialising, re-parsing, and the nodes' state and listeners. Parked turns come back,
 * nodes and all, as they come within the margin.
 *
 * When a turn changes size (an estimate replaced by its real size, a parked turn coming back, a
 * window resize) the content below it moves. The transcript has `overflow-anchor: none` and this
 * does the anchoring itself, per turn: following the stream, it scrolls to the end; otherwise a
 * turn entirely above the view that grew or shrank moves the scroll position by as much.
 */
const PARK_MARGIN = '300%';

export class TranscriptKeeper {
  /** Border-box heights last seen, to know by how much a turn changed. */
  private readonly heights = new WeakMap<Element, number>();
  private readonly resizes = new ResizeObserver((entries) => this.resized(entries));
  private readonly near: IntersectionObserver;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly following: () => boolean,
    private readonly toEnd: () => void,
  ) {
    this.near = new IntersectionObserver((entries) => this.moved(entries), { root: scroller, rootMargin: `${PARK_MARGIN} 0px` });
  }

  watch(turn: HTMLElement): void {
    this.resizes.observe(turn, { box: 'border-box' });
    this.near.observe(turn);
  }

  /** Forgets one turn (it left the conversation). */
  forget(turn: HTMLElement): void {
    this.resizes.unobserve(turn);
    this.near.unobserve(turn);
  }

  /** Forgets every turn (the transcript was emptied). */
  clear(): void {
    this.resizes.disconnect();
    this.near.disconnect();
  }

  /** Puts older turns above all others without moving what is in view (or, following, stays at the end). */
  prepend(turns: HTMLElement[]): void {
    const before = this.scroller.scrollHeight;
    this.scroller.prepend(...turns);
    // Laid out just now, and cheaply: out of view, they are skipped and take their estimate.
    const grown = this.scroller.scrollHeight - before;
    for (const turn of turns) {
      this.heights.set(turn, turn.getBoundingClientRect().height);
      this.watch(turn);
    }
    if (this.following()) this.toEnd();
    else if (grown) this.scroller.scrollTop += grown;
  }

  private resized(entries: ResizeObserverEntry[]): void {
    let shift = 0;
    let viewTop: number | undefined;
    for (const entry of entries) {
      const turn = entry.target;
      const height = entry.borderBoxSize[0]?.blockSize ?? turn.getBoundingClientRect().height;
      const old = this.heights.get(turn);
      this.heights.set(turn, height);
      if (old === undefined || old === height || !turn.isConnected) continue;
      viewTop ??= this.scroller.getBoundingClientRect().top;
      if (turn.getBoundingClientRect().bottom <= viewTop) shift += height - old;
    }
    // Layout is up to date in a ResizeObserver callback, so these reads are cheap, and the
    // scroll position set here is the one painted: no frame shows the jump.
    if (this.following()) this.toEnd();
    else if (shift) this.scroller.scrollTop += shift;
  }

  private moved(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const turn = entry.target as HTMLElement;
      if (entry.isIntersecting) {
        if (turn.classList.contains('parked')) turn.classList.remove('parked');
      } else if (entry.rootBounds?.height && entry.boundingClientRect.height && mayPark(turn)) {
        turn.style.setProperty('--parked-height', `${entry.boundingClientRect.height}px`);
        turn.classList.add('parked');
      }
    }
  }
}

/** Not the streaming turn, nor one holding the focus or part of the selection. */
function mayPark(turn: HTMLElement): boolean {
  if (turn.dataset.status === 'streaming' || turn.contains(document.activeElement)) return false;
  const selection = document.getSelection();
  return !selection?.rangeCount || !selection.containsNode(turn, true);
}
