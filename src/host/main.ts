import * as vscode from 'vscode';
import { HistoryStore } from '../core/history';
import { defaultAgentId } from './common/agents';
import { ChatController } from './chatController';
import { ChatSurfaces } from './chatSurfaces';
import { CodeFeatures, registerCodeFeatures } from './code';
import { registerAccessibleView } from './accessibleView';
import { registerCommands } from './commands';
import { HostActions } from './hostActions';
import { KeyStore, askToUseEnvironmentKey } from './keys';
import { loadSettings, reportWorkspaceEndpointSettings } from './config';
import { createLog } from './log';
import { firstMessages, webviewHandlers } from './common/webviewHandlers';
import { AgentStatusBar } from './statusBar';
import { YouSource } from './youSource';
import { AcpSource } from './acpSource';
import { startNativeChat, type NativeChatParts } from './nativeChat';
import { startResearch } from './research';

/** What the bootstrap (src/extension.ts) hands on to: the views, the native chat, and shutdown. */
export interface Started {
  surfaces: ChatSurfaces;
  nativeChat: NativeChatParts;
  shutdown(): Promise<void>;
}

/**
 * Everything but what VS Code needs to show the extension, loaded on first use (a command, the
 * chat view, `@you`, a model or tool request): dist/extension-main.js, which the bootstrap requires
 * then. The commands it registers replace the bootstrap's stand-ins. Reading secrets and restoring
 * history run afterwards; whoever needs them awaits `controller.ready` (keys) or `controller.restored`.
 */
export function start(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): Started {
  const keys = new KeyStore(context.secrets);
  const log = createLog(channel, () => keys.all());

  let settings = loadSettings(log);
  const you = new YouSource(() => settings, keys, log);
  const acp = new AcpSource(() => settings, keys, log);
  const history = new HistoryStore(vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath, { log });
  const research = startResearch({ context, you, settings: () => settings, secrets: () => keys.all(), log });
  const statusBar = new AgentStatusBar(() => research.state.spendText());
  const controller = new ChatController({
    sources: [you, acp],
    history,
    windowState: context.workspaceState,
    userState: context.globalState,
    log,
    // The controller words its warnings with `t` (test/unit/l10n-host.test.ts checks its texts).
    warn: vscode.window.showWarningMessage,
    t: vscode.l10n.t,
    defaultAgentId: () => defaultAgentId(settings),
    sendKey: () => settings.sendKey,
    youReady: () => {
      const endpoint = you.endpoint();
      return { ready: endpoint !== undefined, demo: endpoint?.demo ?? false };
    },
    requestKey: async () => (await vscode.commands.executeCommand<boolean>('youAgents.setApiKey')) === true,
    research: research.port,
    onStatus: (status) => {
      void vscode.commands.executeCommand('setContext', 'youAgents.busy', status.busy);
      statusBar.update(status);
    },
  });

  const hostActions = new HostActions(log);
  const code = new CodeFeatures({ controller, log, settings: () => settings, extensionUri: context.extensionUri });
  const handlers = webviewHandlers(controller, hostActions, code);
  const surfaces = new ChatSurfaces(context.extensionUri, controller, handlers, log, () => firstMessages(controller, code));
  const commands = registerCommands({ context, controller, surfaces, keys, you, acp, history, settings: () => settings, log, channel, code });
  const nativeChat = startNativeChat({
    sources: [you, acp],
    log,
    hasKey: () => you.endpoint() !== undefined,
    settings: () => settings,
    youEndpoint: () => you.endpoint(),
    defaultAgentId: () => defaultAgentId(settings),
    extensionUri: context.extensionUri,
    onDidChangeAgents: acp.onDidChangeAgents,
  });

  const updateKeyContext = () => void vscode.commands.executeCommand('setContext', 'youAgents.hasKey', keys.apiKey !== undefined);
  controller.initialize(
    async () => {
      await keys.load();
      updateKeyContext();
      // YOU_API_KEY: a prompt must not hold up the chat, so only a silent (trusted) import is awaited.
      const trustedLaunch = context.extensionMode !== vscode.ExtensionMode.Production;
      const offer = keys.offerEnvironmentKey(process.env.YOU_API_KEY, context.globalState, {
        trustedLaunch,
        remoteName: vscode.env.remoteName,
        ask: askToUseEnvironmentKey,
      });
      const logged = offer.then(
        (outcome) => outcome !== 'no-key' && log.info(`YOU_API_KEY from the environment: ${outcome}`),
        (err: unknown) => log.warn(`YOU_API_KEY: ${String(err)}`),
      );
      if (trustedLaunch && vscode.env.remoteName === undefined) await logged;
    },
    async () => {
      await history.cleanStale().catch((err: unknown) => log.warn(`history clean-up: ${String(err)}`));
      await controller.restore();
    },
  );
  void acp.refresh();
  void reportWorkspaceEndpointSettings(log);
  context.subscriptions.push(
    statusBar,
    keys,
    acp,
    acp.onDidChangeAgents(() => controller.refreshAgents()),
    controller,
    hostActions,
    surfaces,
    ...commands,
    ...research.attach(controller, () => surfaces.reveal(settings.openIn)),
    research.state.onDidChange(() => statusBar.refresh()),
    ...registerAccessibleView(() => controller.current),
    ...registerCodeFeatures(code, surfaces, () => settings.openIn),
    nativeChat.disposable,
    keys.onDidChange(() => {
      updateKeyContext();
      controller.refresh();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void reportWorkspaceEndpointSettings(log)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('youAgents')) return;
      settings = loadSettings(log);
      controller.refresh();
      if (e.affectsConfiguration('youAgents.acp') || e.affectsConfiguration('youAgents.requestTimeoutSeconds')) void acp.refresh();
    }),
  );
  return { surfaces, nativeChat: nativeChat.parts, shutdown: async () => void (await Promise.all([controller.shutdown(), research.shutdown()])) };
}
