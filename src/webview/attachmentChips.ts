import type { AttachmentChip } from '../shared/messages';
import { h, iconButton } from './dom';
import { t } from './l10n';

/** What goes with the next question: the host's list, shown so nothing is sent unseen. */
export class AttachmentChips {
  readonly element = h('div', { class: 'chips', role: 'list', 'aria-label': t('Attached context'), hidden: true });

  show(items: AttachmentChip[]): void {
    this.element.hidden = items.length === 0;
    this.element.replaceChildren(
      ...items.map((item) =>
        h(
          'span',
          { class: 'chip', role: 'listitem', title: item.label },
          h('span', { class: 'chip-label', text: item.label }),
          h('span', { class: 'chip-size', text: chipSize(item.bytes) }),
          iconButton('close', t('Remove {0}', item.label), { class: 'icon-button chip-remove', 'data-detach': item.id }),
        ),
      ),
    );
  }
}

/** An attachment's size as people read it, with the unit localised. */
export function chipSize(bytes: number): string {
  if (bytes < 1024) return t('{0} B', bytes);
  const kb = bytes / 1024;
  return t('{0} KB', kb < 10 ? kb.toFixed(1) : Math.round(kb));
}
