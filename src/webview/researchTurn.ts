import type { Citation, Turn } from '../shared/messages';
import { h, icon, textButton } from './dom';
import { t } from './l10n';

/**
 * What a research turn adds under its answer: while its background task runs, the task id and
 * Stop following; once it has a report, Save Report.
 */
export function researchFooter(turn: Turn): HTMLElement | undefined {
  const research = turn.research;
  if (!research) return undefined;
  if (turn.status === 'streaming' && research.taskId) {
    return h(
      'div',
      { class: 'research-note' },
      icon('cloud'),
      h('span', { text: t('Research task {0} runs on You.com. The report lands here, also after a reload.', research.taskId) }),
      textButton(t('Stop following'), { 'data-turn-action': 'stopResearch' }, 'debug-stop'),
    );
  }
  if (turn.status === 'done' && turn.answer) {
    return h('div', { class: 'research-note' }, textButton(t('Save Report…'), { 'data-turn-action': 'saveReport', class: 'text-button primary' }, 'save'));
  }
  return undefined;
}

/**
 * A source's snippets, shown when the pointer is over the source or focus is in it (CSS), and
 * read by screen readers as the link's description. Undefined when the source has none.
 */
export function sourceSnippets(turnId: string, c: Citation): HTMLElement | undefined {
  const snippets = c.snippets?.filter((s) => s.trim()) ?? [];
  if (snippets.length === 0) return undefined;
  return h(
    'div',
    { class: 'source-snippets', role: 'tooltip', id: `snippets-${turnId}-${c.index}` },
    ...snippets.slice(0, 10).map((s) => h('p', { class: 'source-snippets-item', text: s })),
  );
}
