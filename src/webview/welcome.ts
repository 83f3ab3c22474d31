import { h, textButton } from './dom';
import { t } from './l10n';

/** What shows before a key is set: how to set one, get one, or try the local demo. */
export function welcomePanel(): HTMLElement {
  return h(
    'div',
    { class: 'welcome' },
    h('h2', { text: t('Ask You.com agents from VS Code') }),
    h('p', { text: t('Set your You.com API key to ask the express, advanced and your custom agents. Answers stream in with their web sources.') }),
    textButton(t('Set API key'), { class: 'text-button primary', 'data-action': 'setKey' }, 'key'),
    textButton(t('Get a key'), { 'data-action': 'getKey' }, 'link-external'),
    textButton(t('Try the demo'), { 'data-action': 'tryDemo' }, 'play'),
    h('p', { class: 'hint', text: t('The demo answers from a local server inside VS Code; no key and no network needed.') }),
  );
}
