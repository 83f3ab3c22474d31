import { commands, type Disposable, l10n, Uri, window, workspace } from 'vscode';
import type { Turn } from '../../core/conversation';
import { redact, type Log } from '../../core/redact';
import { reportFileName, reportMarkdown } from '../../core/researchReport';
import { formatDollars } from '../../core/researchSpend';
import { isResearchEffort, RESEARCH_EFFORTS, RESEARCH_PRICES, researchPrice } from '../../core/you/research';
import type { ChatController } from '../chatController';
import type { BackgroundResearch } from './backgroundResearch';
import { RESEARCH_AGENT_ID } from './researchRoute';
import { effortLabel, type ResearchState } from './researchState';

export interface ResearchCommandDeps {
  controller: ChatController;
  state: ResearchState;
  background: BackgroundResearch;
  /** `youAgents.research.reportFolder`, relative to the first workspace folder. */
  reportFolder(): string;
  reveal(): Promise<void>;
  secrets(): (string | undefined)[];
  log: Log;
}

/** You.com: Research…, Save Report…, Stop Following Research, Set Research Effort. */
export function registerResearchCommands(deps: ResearchCommandDeps): Disposable[] {
  const { controller, state } = deps;
  const register = (id: string, fn: (...args: never[]) => unknown) => commands.registerCommand(id, fn);
  return [
    register('youAgents.research', async (question?: unknown) => {
      const effort = state.effort;
      const typed =
        typeof question === 'string'
          ? question
          : await window.showInputBox({
              title: l10n.t('You.com: Research'),
              prompt: l10n.t(
                '{0} research: {1} per question, {2}. Change the effort next to the agent picker.',
                effortLabel(effort),
                formatDollars(researchPrice(effort)),
                RESEARCH_PRICES[effort].latency,
              ),
              placeHolder: l10n.t('What should be researched?'),
              ignoreFocusOut: true,
            });
      if (!typed?.trim()) return;
      await controller.selectAgent(RESEARCH_AGENT_ID);
      await deps.reveal();
      await controller.ask(typed.trim());
    }),
    register('youAgents.setResearchEffort', async (effort?: unknown) => {
      let picked = isResearchEffort(effort) ? effort : undefined;
      if (!picked) {
        const items = RESEARCH_EFFORTS.map((e) => ({
          label: `${e === state.effort ? '$(check) ' : ''}${effortLabel(e)}`,
          description: formatDollars(researchPrice(e)),
          detail: RESEARCH_PRICES[e].latency,
          effort: e,
        }));
        picked = (await window.showQuickPick(items, { title: l10n.t('Research effort (price of one question)') }))?.effort;
      }
      if (picked) await state.setEffort(picked);
    }),
    register('youAgents.stopResearch', async (turnId?: unknown) => {
      const stopped = await deps.background.stop(typeof turnId === 'string' ? turnId : undefined);
      if (!stopped) void window.showInformationMessage(l10n.t('No research task is being followed in this chat.'));
    }),
    register('youAgents.saveReport', async (turnId?: unknown) => {
      try {
        const saved = await saveReport(deps, typeof turnId === 'string' ? turnId : undefined);
        if (saved) deps.log.info(`research report saved: ${workspace.asRelativePath(saved)}`);
      } catch (err) {
        deps.log.error(`Save Report failed: ${String(err)}`);
        void window.showErrorMessage(l10n.t('The report could not be saved: {0}', String(err)));
      }
    }),
  ];
}

/** The research turn to save: the one named, else the last answered research turn of the chat shown. */
function reportTurn(controller: ChatController, turnId: string | undefined): Turn | undefined {
  const turns = controller.current.turns;
  if (turnId) return turns.find((t) => t.id === turnId);
  return [...turns].reverse().find((t) => t.status === 'done' && t.answer && t.research) ?? [...turns].reverse().find((t) => t.status === 'done' && t.answer);
}

/**
 * Writes the report into `<workspace>/<reportFolder>/<date>-<question>.md` (a taken name gets a
 * number: nothing is overwritten) and opens it. Without a workspace folder, a save dialog asks.
 */
async function saveReport(deps: ResearchCommandDeps, turnId: string | undefined): Promise<Uri | undefined> {
  const turn = reportTurn(deps.controller, turnId);
  if (!turn?.answer) {
    void window.showInformationMessage(l10n.t('There is no finished research report in this chat to save.'));
    return undefined;
  }
  const effort = turn.research?.effort;
  const label = effort ? `${effortLabel(effort)} (${formatDollars(researchPrice(effort))})` : '';
  const text = redact(reportMarkdown(turn, label), deps.secrets());
  const at = new Date(turn.finishedAt ?? turn.startedAt);
  const root = workspace.workspaceFolders?.[0]?.uri;
  let target: Uri | undefined;
  if (root) {
    const folder = reportFolderUri(root, deps.reportFolder());
    const exists = (name: string) => Promise.resolve(workspace.fs.stat(Uri.joinPath(folder, name))).then(() => true, () => false);
    target = Uri.joinPath(folder, await reportFileName(turn.question, at, exists));
    await workspace.fs.createDirectory(folder);
  } else {
    target = await window.showSaveDialog({ filters: { Markdown: ['md'] }, title: l10n.t('Save research report') });
    if (!target) return undefined;
  }
  await workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await window.showTextDocument(target, { preview: false });
  return target;
}

/** The report folder inside the workspace folder: a relative path without `..`; anything else falls back to `research`. */
export function reportFolderUri(root: Uri, setting: string): Uri {
  const parts = setting.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.');
  const safe = parts.length > 0 && !setting.startsWith('/') && !/^[A-Za-z]:/.test(setting) && parts.every((p) => p !== '..');
  return Uri.joinPath(root, ...(safe ? parts : ['research']));
}
