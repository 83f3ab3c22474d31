import * as vscode from 'vscode';
import { HistoryStore } from './core/history';
import { defaultAgentId } from './host/agents';
import { ChatController } from './host/chatController';
import { CHAT_PANEL, CHAT_VIEW, ChatSurfaces } from './host/chatSurfaces';
import { CodeFeatures, registerCodeFeatures } from './host/code';
import { registerAccessibleView } from './host/accessibleView';
import { registerCommands } from './host/commands';
import { HostActions } from './host/hostActions';
import { KeyStore } from './host/keys';
import { loadSettings, reportWorkspaceEndpointSettings } from './host/config';
import { createLog } from './host/log';
import { webviewHandlers } from './host/webviewHandlers';
import { AgentStatusBar } from './host/statusBar';
import { YouSource } from './host/youSource';
import { AcpSource } from './host/acpSource';
import { registerNativeChat } from './host/nativeChat';

// Set by esbuild's banner and footer around the bundle; absent when run from source.
declare const __youAgentsLoadStart: number | undefined;
declare let __youAgentsLoadEnd: number | undefined;

/** Set by `activate`: what `deactivate` runs. */
let shutdown: (() => Promise<void>) | undefined;

/**
 * Wires services and commands; nothing else happens here. Activation stays synchronous and
 * cheap: reading secrets and restoring history run afterwards, and whoever needs them awaits
 * `controller.ready` (keys) or `controller.restored` (keys and history).
 */
export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const channel = vscode.window.createOutputChannel('You.com', { log: true });
  const keys = new KeyStore(context.secrets);
  const log = createLog(channel, () => keys.all());

  let settings = loadSettings(log);
  const you = new YouSource(() => settings, keys, log);
  const acp = new AcpSource(() => settings, keys, log);
  const history = new HistoryStore(vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath);
  const statusBar = new AgentStatusBar();
  const controller = new ChatController({
    sources: [you, acp],
    history,
    windowState: context.workspaceState,
    userState: context.globalState,
    log,
    warn: (message) => void vscode.window.showWarningMessage(message),
    t: (message, ...args) => vscode.l10n.t(message, ...args),
    defaultAgentId: () => defaultAgentId(settings),
    sendKey: () => settings.sendKey,
    youReady: () => {
      const endpoint = you.endpoint();
      return { ready: endpoint !== undefined, demo: endpoint?.demo ?? false };
    },
    requestKey: async () => (await vscode.commands.executeCommand<boolean>('youAgents.setApiKey')) === true,
    onStatus: (status) => {
      void vscode.commands.executeCommand('setContext', 'youAgents.busy', status.busy);
      statusBar.update(status);
    },
  });

  const hostActions = new HostActions(log);
  const code = new CodeFeatures({ controller, log, settings: () => settings });
  const surfaces = new ChatSurfaces(context.extensionUri, controller, webviewHandlers(controller, hostActions, code), log);
  const commands = registerCommands({ context, controller, surfaces, keys, you, acp, history, settings: () => settings, log, channel, code });

  const updateKeyContext = () => void vscode.commands.executeCommand('setContext', 'youAgents.hasKey', keys.apiKey !== undefined);
  controller.initialize(
    async () => {
      await keys.load();
      await keys.importFromEnvironment(process.env.YOU_API_KEY, context.globalState);
      updateKeyContext();
    },
    async () => {
      await history.cleanStale().catch((err: unknown) => log.warn(`history clean-up: ${String(err)}`));
      await controller.restore();
    },
  );
  void acp.refresh();
  void reportWorkspaceEndpointSettings(log);
  context.subscriptions.push(
    channel,
    statusBar,
    keys,
    acp,
    acp.onDidChangeAgents(() => controller.refreshAgents()),
    controller,
    hostActions,
    surfaces,
    ...commands,
    ...registerAccessibleView(() => controller.current),
    ...registerCodeFeatures(code, surfaces, () => settings.openIn),
    registerNativeChat({
      sources: [you, acp],
      log,
      hasKey: () => you.endpoint() !== undefined,
      settings: () => settings,
      youEndpoint: () => you.endpoint(),
      defaultAgentId: () => defaultAgentId(settings),
      extensionUri: context.extensionUri,
      onDidChangeAgents: acp.onDidChangeAgents,
    }),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW, surfaces),
    vscode.window.registerWebviewPanelSerializer(CHAT_PANEL, surfaces),
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
  shutdown = () => controller.shutdown();
  log.info(activationReport(activateStart));
}

/** A reload or window close mid-answer: the answer so far is saved, marked interrupted. */
export function deactivate(): Promise<void> | undefined {
  return shutdown?.();
}

/** "activated in X ms (module Y + activate Z; W ms after the module began loading)". */
function activationReport(activateStart: number): string {
  const activateMs = performance.now() - activateStart;
  if (typeof __youAgentsLoadStart !== 'number' || typeof __youAgentsLoadEnd !== 'number') return `activated in ${activateMs.toFixed(1)} ms`;
  const moduleMs = __youAgentsLoadEnd - __youAgentsLoadStart;
  const wallMs = performance.now() - __youAgentsLoadStart;
  const parts = `module ${moduleMs.toFixed(1)} + activate ${activateMs.toFixed(1)}; ${wallMs.toFixed(1)} ms after the module began loading`;
  return `activated in ${(moduleMs + activateMs).toFixed(1)} ms (${parts})`;
}
