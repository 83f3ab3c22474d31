import { l10n, type QuickInputButton, ThemeIcon, window } from 'vscode';
import { libraryText, type LibraryVersionShown } from '../../core/context/versionsLine';

/**
 * The input box of "Ask about Selection…". While the user types, the versions of the libraries
 * the selection uses are looked up; once found, the box says they go along, and a button leaves
 * them out. Only what was shown when the user pressed Enter is sent: versions that arrive after
 * that are not.
 */
export function askSelectionQuestion(versions: Promise<LibraryVersionShown[]>): Promise<{ question: string; versions: LibraryVersionShown[] } | undefined> {
  const input = window.createInputBox();
  const remove: QuickInputButton = { iconPath: new ThemeIcon('close'), tooltip: l10n.t('Do not send the versions') };
  input.title = l10n.t('Ask about selection');
  input.prompt = l10n.t('What do you want to know about the selected code?');
  input.value = l10n.t('Explain this code');
  input.ignoreFocusOut = true;
  let shown: LibraryVersionShown[] = [];
  let removed = false;
  void versions.then((found) => {
    if (removed || found.length === 0) return;
    shown = found;
    input.prompt = l10n.t('What do you want to know about the selected code? Sent with it: versions used by this project: {0}.', libraryText(found));
    input.buttons = [remove];
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: { question: string; versions: LibraryVersionShown[] } | undefined) => {
      if (done) return;
      done = true;
      resolve(result);
      input.dispose();
    };
    input.onDidTriggerButton((button) => {
      if (button !== remove) return;
      removed = true;
      shown = [];
      input.buttons = [];
      input.prompt = l10n.t('What do you want to know about the selected code? The library versions will not be sent.');
    });
    input.onDidAccept(() => {
      const question = input.value.trim();
      if (question) finish({ question, versions: shown });
    });
    input.onDidHide(() => finish(undefined));
    input.show();
  });
}
