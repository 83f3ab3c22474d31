import { type Disposable, type Event, type ExtensionContext, l10n, Uri, window } from 'vscode';
import { runPolicy } from '../../core/runPolicy';
import type { Log } from '../../core/redact';
import type { Settings } from '../../core/settings';
import { DEFAULT_SEARCH_BASE_URL } from '../../core/you/endpoints';
import { ResearchClient } from '../../core/you/researchClient';
import type { ChatController, ChatResearchPort } from '../chatController';
import { withProxy } from '../proxySettings';
import type { ChatSurfaces } from '../chatSurfaces';
import type { SettingsService } from '../settingsService';
import type { YouSource } from '../youSource';
import { BackgroundResearch } from './backgroundResearch';
import { registerResearchCommands } from './researchCommands';
import { RESEARCH_AGENT_ID, researchRoute } from './researchRoute';
import { researchSettings, type ResearchSettings } from './researchSettings';
import { ResearchState } from './researchState';

export interface ResearchDeps {
  context: ExtensionContext;
  you: YouSource;
  settings(): Settings;
  secrets(): (string | undefined)[];
  log: Log;
}

export interface AttachParts {
  controller: ChatController;
  /** Its tooltip shows today's spend estimate. */
  statusBar: { refresh(): void };
  /** Its changes reach the effort controls (the default effort). */
  settings: Pick<SettingsService, 'onDidChange' | 'current'>;
  /** A key was stored or removed: tasks that could not be followed without one are resumed then. */
  keys: { onDidChange: Event<unknown> };
  /** Where the chat is shown (a report's notification opens it). */
  surfaces: Pick<ChatSurfaces, 'reveal'>;
}

export interface ResearchParts {
  /** What the chat controller needs (effort of the next question, hand-off of background tasks). */
  port: ChatResearchPort;
  state: ResearchState;
  /** Wires the parts that need the controller: the follower, the commands, resume after the first paint. */
  attach(parts: AttachParts): Disposable[];
  /** The window goes: stop following and release the task locks (the records stay for the next activation). */
  shutdown(): Promise<void>;
}

/**
 * You.com Research in this window: the agent route (given to the You.com source), the effort
 * state, and, once the controller exists, background tasks and the research commands.
 */
export function startResearch(deps: ResearchDeps): ResearchParts {
  const { context, you, log } = deps;
  const current = checkedSettings(deps.settings, log);
  let background: BackgroundResearch | undefined;
  const state = new ResearchState(context.workspaceState, context.globalState, () => current().defaultEffort);
  you.research = researchRoute({
    endpoint: () => you.endpoint(),
    client: (baseUrl) =>
      new ResearchClient({ origins: { api: baseUrl, search: DEFAULT_SEARCH_BASE_URL }, policy: withProxy(runPolicy(deps.settings()).net), log }),
    defaultEffort: () => current().defaultEffort,
    sourceControl: () => current().sourceControl,
    onTask: (task) => background?.onTask(task),
    onAccepted: (effort) => void state.countAccepted(effort),
    log,
  });
  const port: ChatResearchPort = {
    agentId: RESEARCH_AGENT_ID,
    prepare: () => state.prepare(),
    view: () => state.view(),
    onBackground: (conversationId, turn) => background?.handOff(conversationId, turn),
  };
  return {
    port,
    state,
    shutdown: async () => {
      await background?.follower.dispose();
    },
    attach({ controller, statusBar, settings, keys, surfaces }) {
      const reveal = () => surfaces.reveal(settings.current().openIn);
      background = new BackgroundResearch({
        folder: Uri.joinPath(context.globalStorageUri, 'research-tasks').fsPath,
        controller,
        route: () => you.research,
        youReady: () => you.endpoint() !== undefined,
        log,
        reveal,
      });
      const started = background;
      const resume = () => {
        const at = Date.now();
        void started.resumeAll().then((n) => n > 0 && log.info(`research: resumed ${n} background task(s) in ${Date.now() - at} ms`));
      };
      // After the restored conversation is shown (first paint), never before: activation does not wait for the network.
      // Read on the next tick: main.ts starts the controller's initialisation after attaching this.
      setTimeout(() => void controller.restored.then(resume), 0);
      return [
        background,
        state,
        state.onDidChange(() => controller.researchChanged()),
        state.onDidChange(() => statusBar.refresh()),
        keys.onDidChange(resume),
        // The default effort may have changed: the views' effort controls follow.
        settings.onDidChange((change) => change.affects('research') && controller.researchChanged()),
        ...registerResearchCommands({ controller, state, background, reportFolder: () => current().reportFolder, reveal, secrets: deps.secrets, log }),
      ];
    },
  };
}

/**
 * The research settings, checked once per settings object (the settings service makes a new one
 * on every change); a source-control problem is logged and, once per change that brings it, shown.
 */
function checkedSettings(settings: () => Settings, log: Log): () => ResearchSettings {
  let seen: Settings | undefined;
  let checked: ResearchSettings | undefined;
  return () => {
    const all = settings();
    if (all === seen && checked) return checked;
    const next = researchSettings(all, log, l10n.t);
    const before = checked?.problems.join('\n');
    [seen, checked] = [all, next];
    if (next.problems.length > 0 && next.problems.join('\n') !== before) {
      void window.showWarningMessage(l10n.t('youAgents.research.sourceControl: {0} These fields are left out.', next.problems.join(' ')));
    }
    return next;
  };
}
