import { commands, type Disposable, l10n, type Selection, window, workspace } from 'vscode';
import { selectionLabel, selectionQuestion } from '../../core/context/selection';
import { withVersionsLine } from '../../core/context/versionsLine';
import { askSelectionQuestion } from '../code/selectionPrompt';
import { versionsQuestionLabel } from '../common/code/attachmentText';
import { defaultAgentId } from '../common/agents';
import { askInNativeChatOf, preferNativeChat } from '../nativeChat';
import { questionAsShown } from '../visibleQuestion';
import { revealChat, type CommandDeps } from './deps';

/**
 * "Ask about Selection…": the question picked or typed, with the selected code fenced (core's
 * fence rule) and the versions of the libraries it uses; the selection is remembered for Apply.
 */
export function registerAskAboutSelection(deps: CommandDeps): Disposable {
  const { controller } = deps;
  return commands.registerCommand('youAgents.askAboutSelection', async () => {
    const editor = window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void window.showInformationMessage(l10n.t('Select some code first.'));
      return;
    }
    const { document, selection } = editor;
    const code = document.getText(selection);
    const picked = await askSelectionQuestion(deps.code ? deps.code.versionsFor(document, code) : Promise.resolve([]));
    const question = picked ? await questionAsShown(picked.question) : undefined;
    if (!picked || !question) return;
    const { versions } = picked;
    const file = workspace.asRelativePath(document.uri, false);
    const start = selection.start.line + 1;
    const end = lastSelectedLine(selection);
    const text = withVersionsLine(selectionQuestion(question, code, document.languageId, file, start, end), versions);
    // A user who prefers VS Code's own Chat view asks there, where it can ask the picked agent.
    const native = { sources: [deps.you, deps.agentServers], defaultAgentId: defaultAgentId(deps.settings()), log: deps.log };
    if (preferNativeChat(deps.settings()) && (await askInNativeChatOf(text, controller.selectedAgent, native))) return;
    deps.code?.rememberSelection(text, document, selection);
    await revealChat(deps);
    await controller.ask(text, versionsQuestionLabel(selectionLabel(question, file, start, end), versions, l10n.t));
  });
}

/** The last selected line, 1-based: a selection ending at the start of a line does not count that line. */
function lastSelectedLine(selection: Selection): number {
  const { start, end } = selection;
  return end.character === 0 && end.line > start.line ? end.line : end.line + 1;
}
