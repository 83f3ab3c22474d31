import { commands, type Disposable, l10n, window } from 'vscode';
import { questionAsShown } from '../visibleQuestion';
import { revealChat, type CommandDeps } from './deps';

/** "Ask You.com Agent": the question given (a string argument) or typed, asked in the chat. */
export function registerAsk(deps: CommandDeps): Disposable {
  const { controller } = deps;
  return commands.registerCommand('youAgents.ask', async (question?: unknown) => {
    // A command argument that is not a string (a menu passes a Uri) counts as none.
    const typed =
      typeof question === 'string'
        ? question
        : await window.showInputBox({
            title: l10n.t('Ask You.com Agent'),
            prompt: l10n.t('Ask {0}', controller.agents().find((a) => a.id === controller.selectedAgent)?.label ?? ''),
            placeHolder: l10n.t('Your question'),
            ignoreFocusOut: true,
          });
    if (!typed?.trim()) return;
    const text = await questionAsShown(typed.trim());
    if (!text) return;
    await revealChat(deps);
    await controller.ask(text);
  });
}
