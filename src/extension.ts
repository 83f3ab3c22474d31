import * as vscode from 'vscode';
import { HistoryStore } from './core/history';
import { defaultAgentId } from './host/agents';
import { ChatController } from './host/chatController';
import { CHAT_PANEL, CHAT_VIEW, ChatSurfaces } from './host/chatSurfaces';
import { registerCommands, type ActionHandler } from './host/commands';
import { HostActions } from './host/hostActions';
import { KeyStore } from './host/keys';
import { loadSettings } from './host/config';
import { createLog } from './host/log';
import { YouSource } from './host/youSource';
import { AcpSource } from './host/acpSource';
import { registerNativeChat } from './host/nativeChat';

// Set by esbuild's banner and footer around the bundle; absent when run from source.
declare const __youAgentsLoadStart: number | undefined;
declare let __youAgentsLoadEnd: number | undefined;

/**
 * Wires services and commands; nothing else happens here. Activation stays synchronous and
 * cheap: reading secrets and restoring history run afterwards, and whoever needs them awaits
 * `controller.ready`.
 */
export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const channel = vscode.window.createOutputChannel('You.com', { log: true });
  const keys = new KeyStore(context.secrets);
  const log = createLog(channel, () => keys.all());

  let settings = loadSettings(log);
  const you = new YouSource(() => settings, keys, log);
  const acp = new AcpSource(() => settings, keys, log, () => controller.refreshAgents());
  const history = new HistoryStore(vscode.Uri.joinPath(context.globalStorageUri, 'history').fsPath);
  const setBusy = (busy: boolean) => void vscode.commands.executeCommand('setContext', 'youAgents.busy', busy);
  const controller = new ChatController({
    sources: [you, acp],
    history,
    state: context.globalState,
    log,
    defaultAgentId: () => defaultAgentId(settings),
    youReady: () => {
      const endpoint = you.endpoint();
      return { ready: endpoint !== undefined, demo: endpoint?.demo ?? false };
    },
    requestKey: async () => (await vscode.commands.executeCommand<boolean>('youAgents.setApiKey')) === true,
    onBusyChanged: setBusy,
  });

  let onAction: ActionHandler = async () => undefined;
  const hostActions = new HostActions(log);
  const surfaces = new ChatSurfaces(context.extensionUri, controller, hostActions, (m) => onAction(m), log);
  const commands = registerCommands({ context, controller, surfaces, keys, you, acp, history, settings: () => settings, log, channel });
  onAction = commands.onAction;

  const updateKeyContext = () => void vscode.commands.executeCommand('setContext', 'youAgents.hasKey', keys.apiKey !== undefined);
  controller.initialize(async () => {
    await keys.load();
    await keys.importFromEnvironment(process.env.YOU_API_KEY);
    updateKeyContext();
    await controller.restore();
  });
  void acp.refresh();
  context.subscriptions.push(
    channel,
    keys,
    controller,
    hostActions,
    surfaces,
    ...commands.disposables,
    registerNativeChat({
      sources: [you, acp],
      log,
      hasKey: () => you.endpoint() !== undefined,
      settings: () => settings,
      youEndpoint: () => you.endpoint(),
      defaultAgentId: () => defaultAgentId(settings),
      extensionUri: context.extensionUri,
    }),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW, surfaces),
    vscode.window.registerWebviewPanelSerializer(CHAT_PANEL, surfaces),
    keys.onDidChange(() => {
      updateKeyContext();
      controller.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('youAgents')) return;
      settings = loadSettings(log);
      controller.refresh();
      if (e.affectsConfiguration('youAgents.acp') || e.affectsConfiguration('youAgents.requestTimeoutSeconds')) void acp.refresh();
    }),
  );
  log.info(activationReport(activateStart));
}

export function deactivate(): void {}

/** "activated in X ms (module Y + activate Z; W ms after the module began loading)". */
function activationReport(activateStart: number): string {
  const activateMs = performance.now() - activateStart;
  if (typeof __youAgentsLoadStart !== 'number' || typeof __youAgentsLoadEnd !== 'number') return `activated in ${activateMs.toFixed(1)} ms`;
  const moduleMs = __youAgentsLoadEnd - __youAgentsLoadStart;
  const wallMs = performance.now() - __youAgentsLoadStart;
  return `activated in ${(moduleMs + activateMs).toFixed(1)} ms (module ${moduleMs.toFixed(1)} + activate ${activateMs.toFixed(1)}; ${wallMs.toFixed(1)} ms after the module began loading)`;
}
