import type { Act } from './chatActions';
import { h, iconButton, textButton } from './dom';
import { t } from './l10n';

/** The composer's Attach button and its menu of what can go with the next question. */
export class AttachMenu {
  readonly button = iconButton('attach', t('Attach context'), {
    class: 'icon-button attach',
    'aria-haspopup': 'menu',
    'aria-expanded': 'false',
    'data-action': 'toggleAttachMenu',
  });
  readonly menu = h(
    'div',
    { class: 'attach-menu', role: 'menu', hidden: true },
    textButton(t('Current file'), { role: 'menuitem', 'data-attach': 'file' }, 'file'),
    textButton(t('Other open editors'), { role: 'menuitem', 'data-attach': 'editors' }, 'files'),
    textButton(t('Terminal selection'), { role: 'menuitem', 'data-attach': 'terminal' }, 'terminal'),
  );

  constructor(act: Act) {
    this.menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') act({ kind: 'closeAttachMenu' });
    });
  }

  get open(): boolean {
    return !this.menu.hidden;
  }

  /** Opens the menu with focus on its first item, or closes it. */
  toggle(open: boolean): void {
    this.menu.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (open) this.menu.querySelector('button')?.focus();
  }

  /** A click anywhere but the menu and its button closes the menu. */
  closeUnlessInside(target: Element): void {
    if (this.open && !target.closest('.attach-menu, button.attach')) this.toggle(false);
  }
}
