import { h, iconButton } from './dom';
import { t } from './l10n';
import { renderSplit, type Markdown } from './markdown';
import { sanitizeToFragment } from './sanitize';

/** Finished blocks per page: appending to a small page keeps layout work flat as the answer grows. */
const BLOCKS_PER_PAGE = 64;

/**
 * One answer's Markdown, rendered incrementally: finished blocks are appended once and never
 * touched again; only the last, growing block is replaced, at most once per animation frame.
 */
export class StreamingAnswer {
  readonly element = h('div', { class: 'answer markdown' });
  private readonly finished = h('div', { class: 'answer-finished' });
  private readonly tail = h('div', { class: 'answer-tail' });
  private page: HTMLElement | undefined;
  /** The whole text (kept as V8 builds it, never sliced) and the part not yet committed. */
  private source = '';
  private pending = '';
  private final = false;
  private frame = 0;

  constructor(
    private readonly md: Markdown,
    private readonly onRendered: () => void,
  ) {
    this.element.append(this.finished, this.tail);
  }

  get text(): string {
    return this.source;
  }

  append(delta: string): void {
    this.source += delta;
    this.pending += delta;
    this.schedule();
  }

  /** Replaces everything (history, a restored turn, a retry). */
  reset(text: string, final: boolean): void {
    this.source = text;
    this.pending = text;
    this.final = final;
    this.page = undefined;
    this.finished.replaceChildren();
    this.tail.replaceChildren();
    this.renderNow();
  }

  finish(): void {
    this.final = true;
    this.renderNow();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.renderNow());
  }

  /** Renders pending text now (also used by tests and the benchmark to flush). */
  renderNow(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const split = renderSplit(this.md, this.pending, this.final);
    if (split.finishedHtml) this.commit(decorate(sanitizeToFragment(split.finishedHtml)));
    this.pending = this.pending.slice(split.finishedChars);
    this.tail.replaceChildren(split.tailHtml ? decorate(sanitizeToFragment(split.tailHtml)) : '');
    this.onRendered();
  }

  private commit(blocks: DocumentFragment): void {
    if (!this.page || this.page.childElementCount >= BLOCKS_PER_PAGE) {
      this.page = h('div', { class: 'answer-page' });
      this.finished.append(this.page);
    }
    this.page.append(blocks);
  }
}

/** Adds the code toolbar and marks citation links, on sanitized DOM (never through HTML). */
function decorate(fragment: DocumentFragment): DocumentFragment {
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const language = /language-([\w#+.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
    const block = h('div', { class: 'code-block', 'data-language': language });
    const toolbar = h(
      'div',
      { class: 'code-toolbar' },
      h('span', { class: 'code-language', text: language }),
      iconButton('copy', t('Copy'), { 'data-code-action': 'copy' }),
      iconButton('insert', t('Insert at cursor'), { 'data-code-action': 'insert' }),
      iconButton('new-file', t('Open in new editor'), { 'data-code-action': 'open' }),
    );
    pre.replaceWith(block);
    block.append(toolbar, pre);
  }
  for (const link of Array.from(fragment.querySelectorAll('a'))) {
    const match = /^\[?(\d{1,3})\]?$/.exec(link.textContent?.trim() ?? '');
    if (match) {
      link.classList.add('cite');
      link.dataset.cite = match[1];
      link.textContent = match[1]!;
    }
  }
  return fragment;
}
