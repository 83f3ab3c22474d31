import { commands, type Disposable, env, type ExtensionContext, ExtensionMode, l10n, type LogOutputChannel, Uri, window, workspace } from 'vscode';
import { HistoryStore } from '../core/history';
import type { Log } from '../core/redact';
import { defaultAgentId } from './common/agents';
import { ChatController } from './chatController';
import { ChatSurfaces } from './chatSurfaces';
import { CodeFeatures, registerCodeFeatures } from './code';
import { registerAccessibleView } from './accessibleView';
import { registerCommands } from './commands';
import { HostActions } from './hostActions';
import { KeyStore, askToUseEnvironmentKey } from './keys';
import { reportWorkspaceEndpointSettings } from './config';
import { createLog } from './log';
import { viewMessages, webviewHandlers } from './common/webviewHandlers';
import { keepFirstPages } from './firstPageKeeper';
import { SettingsService } from './settingsService';
import { AgentStatusBar } from './statusBar';
import { YouSource } from './youSource';
import { AgentServerSource } from './agentServerSource';
import { InterfaceConsent } from './interfaceConsent';
import { startNativeChat, type NativeChatParts } from './nativeChat';
import { startResearch } from './research';

/** What the bootstrap (src/extension.ts) hands on to: the views, the native chat, and shutdown. */
export interface Started {
  surfaces: ChatSurfaces;
  nativeChat: NativeChatParts;
  /** Settles once this window's chat is restored from history (never rejects). */
  restored: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Everything but what VS Code needs to show the extension, loaded on first use (a command, the
 * chat view, `@you`, a model or tool request): dist/extension-main.js, which the bootstrap requires
 * then. The commands it registers replace the bootstrap's stand-ins. Reading secrets and restoring
 * history run afterwards; whoever needs them awaits `controller.ready` (keys) or `controller.restored`.
 * Each part is handed to `own` as it is made, so the extension disposes of it on the way out.
 */
export function start(context: ExtensionContext, channel: LogOutputChannel, storedKey?: Thenable<string | undefined>): Started {
  const own = <T extends Disposable>(part: T): T => (context.subscriptions.push(part), part);
  const keys = own(new KeyStore(context.secrets));
  const log = createLog(channel, () => keys.all());
  const settings = own(new SettingsService(log));
  const you = new YouSource(settings.current, keys, log);
  const agentServers = own(new AgentServerSource(settings.current, keys, log, new InterfaceConsent(context.globalState)));
  const history = new HistoryStore(Uri.joinPath(context.globalStorageUri, 'history').fsPath, { log });
  const research = startResearch({ context, you, settings: settings.current, secrets: () => keys.all(), log });
  const statusBar = own(new AgentStatusBar(() => research.state.spendText()));
  const controller = own(new ChatController({
    sources: [you, agentServers],
    history,
    windowState: context.workspaceState,
    userState: context.globalState,
    log,
    // The controller words its warnings with `t` (test/unit/l10n-host.test.ts checks its texts).
    warn: window.showWarningMessage,
    t: l10n.t,
    defaultAgentId: () => defaultAgentId(settings.current()),
    sendKey: () => settings.current().sendKey,
    youReady: () => youReadiness(you),
    requestKey: async () => (await commands.executeCommand<boolean>('youAgents.setApiKey')) === true,
    research: research.port,
    onStatus: (status) => {
      void commands.executeCommand('setContext', 'youAgents.busy', status.busy);
      statusBar.update(status);
    },
  }));
  const hostActions = own(new HostActions(log));
  const code = new CodeFeatures({ controller, log, settings: settings.current, extensionUri: context.extensionUri });
  const handlers = webviewHandlers(controller, hostActions, code);
  const messages = () => viewMessages(controller, code);
  const surfaces = own(new ChatSurfaces(context.extensionUri, controller, handlers, log, messages));
  own(keepFirstPages({ controller, workspaceState: context.workspaceState, viewMessages: messages, log }));
  registerCommands({ context, controller, surfaces, keys, you, agentServers, history, settings: settings.current, log, channel, code }).forEach(own);
  registerAccessibleView(() => controller.current).forEach(own);
  registerCodeFeatures(code, surfaces, () => settings.current().openIn).forEach(own);
  research.attach({ controller, statusBar, settings, keys, surfaces }).forEach(own);
  const nativeChat = startNativeChat({
    sources: [you, agentServers],
    log,
    hasKey: () => you.endpoint() !== undefined,
    settings: settings.current,
    youEndpoint: () => you.endpoint(),
    apis: you.apis,
    defaultAgentId: () => defaultAgentId(settings.current()),
    pickedAgentId: () => controller.selectedAgent,
    extensionUri: context.extensionUri,
    onDidChangeAgents: agentServers.onDidChangeAgents,
    onDidChangeSettings: settings.onDidChange,
  });
  own(nativeChat.disposable);

  followChanges({ keys, settings, agentServers, controller, log }).forEach(own);
  controller.initialize(() => loadKeys(context, keys, log, storedKey), () => restoreHistory(history, controller, log));
  void agentServers.refresh();
  void reportWorkspaceEndpointSettings(log);
  const shutdown = async () => void (await Promise.all([controller.shutdown(), research.shutdown()]));
  return { surfaces, nativeChat: nativeChat.parts, restored: controller.restored, shutdown };
}

/** Whether You.com runs can go out (a key, or a demo endpoint), and whether to the demo. */
function youReadiness(you: YouSource): { ready: boolean; demo: boolean } {
  const endpoint = you.endpoint();
  return { ready: endpoint !== undefined, demo: endpoint?.demo ?? false };
}

/** What follows a change of keys, settings, agent servers or workspace folders. */
function followChanges(parts: {
  keys: KeyStore;
  settings: SettingsService;
  agentServers: AgentServerSource;
  controller: ChatController;
  log: Log;
}): Disposable[] {
  const { keys, settings, agentServers, controller, log } = parts;
  // Agent servers are asked again only when what discovery reads changed: the server lists or the timeout.
  const discoveryReads = ['agentServers', 'acp', 'requestTimeoutSeconds'];
  return [
    agentServers.onDidChangeAgents(() => controller.refreshAgents()),
    keys.onDidChange(() => setHasKeyContext(keys)),
    keys.onDidChange(() => controller.refresh()),
    settings.onDidChange(() => controller.refresh()),
    settings.onDidChange((change) => discoveryReads.some((section) => change.affects(section)) && void agentServers.refresh()),
    workspace.onDidChangeWorkspaceFolders(() => void reportWorkspaceEndpointSettings(log)),
  ];
}

/** The `youAgents.hasKey` context key (menus, welcome views): whether a key is stored. */
function setHasKeyContext(keys: KeyStore): void {
  void commands.executeCommand('setContext', 'youAgents.hasKey', keys.apiKey !== undefined);
}

/** Reads the stored key, then offers YOU_API_KEY; a prompt must not hold up the chat, so only a silent (trusted) import is awaited. */
async function loadKeys(context: ExtensionContext, keys: KeyStore, log: Log, storedKey?: Thenable<string | undefined>): Promise<void> {
  await keys.load(storedKey);
  setHasKeyContext(keys);
  const trustedLaunch = context.extensionMode !== ExtensionMode.Production;
  const offer = keys.offerEnvironmentKey(process.env.YOU_API_KEY, context.globalState, {
    trustedLaunch,
    remoteName: env.remoteName,
    ask: askToUseEnvironmentKey,
  });
  const logged = offer.then(
    (outcome) => outcome !== 'no-key' && log.info(`YOU_API_KEY from the environment: ${outcome}`),
    (err: unknown) => log.warn(`YOU_API_KEY: ${String(err)}`),
  );
  if (trustedLaunch && env.remoteName === undefined) await logged;
}

async function restoreHistory(history: HistoryStore, controller: ChatController, log: Log): Promise<void> {
  await history.cleanStale().catch((err: unknown) => log.warn(`history clean-up: ${String(err)}`));
  await controller.restore();
}
