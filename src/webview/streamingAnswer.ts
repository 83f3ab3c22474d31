import { markCitationLinks, type KnownCitation } from './citationLinks';
import { h, iconButton } from './dom';
import { highlightCode } from './highlight';
import { t } from './l10n';
import { renderSplit, type Markdown } from './markdown';
import { sanitizeToFragment } from './sanitize';

/** Finished blocks per page: appending to a small page keeps layout work flat as the answer grows. */
const BLOCKS_PER_PAGE = 64;
/**
 * The growing last block is highlighted on each of its renders (at most once per frame), not left
 * plain until it is finished: code is coloured as it streams instead of flashing from plain to
 * colour when its fence closes. Measured both ways on the 30 KB answer paced at 100 deltas/s (busy
 * 2-core machine, two rounds): main-thread total 2.5 / 1.6 s per frame, 2.0 / 1.6 s plain until
 * finished, 3.0 / 1.9 s with no highlighting at all; frame p99 40 / 17, 29 / 14, 70 / 23 ms. The
 * difference is within the machine's noise, so the better-looking choice wins. A growing block
 * longer than this limit waits until it is finished: highlighting it every frame would not fit.
 */
const GROWING_HIGHLIGHT_MAX_CHARS = 8 * 1024;

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
  /** The HTML now shown in the tail, so an unchanged block can be committed by moving its nodes. */
  private tailHtml = '';
  /** The sources inline links may cite, by number. */
  readonly citations = new Map<string, KnownCitation>();
  /** Code blocks in the finished part, so a block's buttons say which block they act on ("Copy TypeScript block 2"). */
  private codeBlocks = 0;

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
    this.tailHtml = '';
    this.codeBlocks = 0;
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
    if (split.finishedHtml) {
      // The block that just finished is usually what the tail already shows: move those nodes
      // (laid out and shaped already) instead of building them again.
      const moved = split.finishedHtml === this.tailHtml;
      const blocks = moved ? highlightBlocks(this.takeTail()) : decorate(sanitizeToFragment(split.finishedHtml), this.citations, this.codeBlocks);
      this.codeBlocks += blocks.querySelectorAll('.code-block').length;
      this.commit(blocks);
    }
    this.pending = this.pending.slice(split.finishedChars);
    if (split.tailHtml !== this.tailHtml) {
      const tail = split.tailHtml && decorate(sanitizeToFragment(split.tailHtml), this.citations, this.codeBlocks, GROWING_HIGHLIGHT_MAX_CHARS);
      morphChildren(this.tail, tail || document.createDocumentFragment());
      this.tailHtml = split.tailHtml;
    }
    this.onRendered();
  }


  private takeTail(): DocumentFragment {
    const fragment = document.createDocumentFragment();
    fragment.append(...Array.from(this.tail.childNodes));
    this.tailHtml = '';
    return fragment;
  }

  private commit(blocks: DocumentFragment): void {
    if (!this.page || this.page.childElementCount >= BLOCKS_PER_PAGE) {
      this.page = h('div', { class: 'answer-page' });
      this.finished.append(this.page);
    }
    this.page.append(blocks);
  }
}

/**
 * Makes `target`'s children equal to `source`'s, keeping every node that is already right: the
 * growing block keeps its elements (and their style and layout), and a text node that only grew
 * is appended to, which the browser lays out incrementally.
 */
export function morphChildren(target: Node, source: Node): void {
  let have = target.firstChild;
  let want = source.firstChild;
  while (want) {
    const nextWant = want.nextSibling;
    if (have && sameShell(have, want)) {
      if (have.nodeType === Node.TEXT_NODE) {
        const now = (have as Text).data;
        const next = (want as Text).data;
        if (now !== next) {
          if (next.startsWith(now)) (have as Text).appendData(next.slice(now.length));
          else (have as Text).data = next;
        }
      } else {
        morphChildren(have, want);
      }
      have = have.nextSibling;
    } else {
      target.insertBefore(want, have);
    }
    want = nextWant;
  }
  while (have) {
    const next = have.nextSibling;
    have.remove();
    have = next;
  }
}

/** Same node type, tag and attributes: only the children may differ. */
function sameShell(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType === Node.TEXT_NODE) return true;
  if (a.nodeType !== Node.ELEMENT_NODE) return false;
  const x = a as Element;
  const y = b as Element;
  if (x.tagName !== y.tagName || x.attributes.length !== y.attributes.length) return false;
  for (const attr of Array.from(y.attributes)) if (x.getAttribute(attr.name) !== attr.value) return false;
  return true;
}

/**
 * Adds the code toolbar (and highlighting) and marks citation links, on sanitized DOM (never through
 * HTML). `blocksBefore` code blocks precede this fragment in the answer (blocks are numbered from 1).
 */
function decorate(
  fragment: DocumentFragment,
  citations: ReadonlyMap<string, KnownCitation>,
  blocksBefore: number,
  highlightMaxChars?: number,
): DocumentFragment {
  let number = blocksBefore;
  for (const pre of Array.from(fragment.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const language = /language-([\w#+.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
    const block = h('div', { class: 'code-block', 'data-language': language });
    const name = codeBlockName(language, ++number);
    const button = (iconName: string, tooltip: string, label: string, action: string) => {
      const control = iconButton(iconName, tooltip, { 'data-code-action': action });
      control.setAttribute('aria-label', label);
      return control;
    };
    const toolbar = h(
      'div',
      { class: 'code-toolbar' },
      h('span', { class: 'code-language', text: language }),
      button('copy', t('Copy'), t('Copy {0}', name), 'copy'),
      button('insert', t('Insert at cursor'), t('Insert {0} at cursor', name), 'insert'),
      button('diff', t('Apply to editor (review the diff first)'), t('Apply {0} to editor (review the diff first)', name), 'apply'),
      button('new-file', t('Open in new editor'), t('Open {0} in new editor', name), 'open'),
    );
    // A block wider than the view scrolls; a keyboard user scrolls it once it has focus.
    pre.setAttribute('tabindex', '0');
    pre.replaceWith(block);
    block.append(toolbar, pre);
    if (code) highlightCode(code, language, highlightMaxChars);
  }
  markCitationLinks(fragment, citations);
  return fragment;
}

/** Highlights the code blocks of a block that finished while shown plain (a no-op for highlighted ones). */
function highlightBlocks(fragment: DocumentFragment): DocumentFragment {
  for (const code of Array.from(fragment.querySelectorAll<HTMLElement>('.code-block pre > code'))) {
    highlightCode(code, code.closest<HTMLElement>('.code-block')?.dataset.language ?? '');
  }
  return fragment;
}

/** Language ids as people write them, for block names read aloud ("TypeScript block 2"). */
const LANGUAGE_NAMES: Record<string, string> = {
  ts: 'TypeScript', typescript: 'TypeScript', tsx: 'TSX', js: 'JavaScript', javascript: 'JavaScript', jsx: 'JSX', py: 'Python',
  python: 'Python', sh: 'Shell', bash: 'Bash', shell: 'Shell', json: 'JSON', html: 'HTML', css: 'CSS', java: 'Java', go: 'Go',
  rust: 'Rust', rs: 'Rust', c: 'C', cpp: 'C++', 'c++': 'C++', cs: 'C#', csharp: 'C#', ruby: 'Ruby', rb: 'Ruby', php: 'PHP',
  sql: 'SQL', yaml: 'YAML', yml: 'YAML', xml: 'XML', md: 'Markdown', markdown: 'Markdown', kotlin: 'Kotlin', swift: 'Swift',
};

/** "TypeScript block 2", or "code block 2" for a block without a language. */
export function codeBlockName(language: string, number: number): string {
  if (!language) return t('code block {0}', number);
  return t('{0} block {1}', LANGUAGE_NAMES[language.toLowerCase()] ?? language, number);
}
