import * as vscode from 'vscode';
import type * as DemoServer from '../demo/server';
import { singleFlight } from '../core/singleFlight';
import { errorText } from '../core/errorText';
import { nativeModelFor, openInNativeChat, preferNativeChat } from './nativeChat';
import { selectionLabel, selectionQuestion } from '../core/context/selection';
import { conversationToMarkdown } from '../core/exportMarkdown';
import type { HistoryStore } from '../core/history';
import { redact, type Log } from '../core/redact';
import type { Settings } from '../core/settings';
import { questionAsShown } from './visibleQuestion';
import { displayUrl } from '../core/url';
import type { ChatController } from './chatController';
import type { ChatSurfaces } from './chatSurfaces';
import type { KeyStore } from './keys';
import type { YouSource } from './youSource';
import type { AgentServerSource } from './agentServerSource';
import { registerHistoryCommands } from './historyCommands';
import { withVersionsLine, type LibraryVersionShown } from '../core/context/versionsLine';
import { askSelectionQuestion } from './code/selectionPrompt';
import { versionsQuestionLabel } from './common/code/attachmentText';

/** What dist/demo-server.js (built from src/demo/server.ts) exports. */
type DemoServerModule = typeof DemoServer;

export interface CommandDeps {
  context: vscode.ExtensionContext;
  controller: ChatController;
  surfaces: ChatSurfaces;
  keys: KeyStore;
  you: YouSource;
  agentServers: AgentServerSource;
  history: HistoryStore;
  settings: () => Settings;
  log: Log;
  channel: vscode.LogOutputChannel;
  /** Remembers the selection a question is about, so a block of its answer can replace it (src/host/code). */
  code?: {
    rememberSelection(question: string, document: vscode.TextDocument, selection: vscode.Range): void;
    /** The versions of the libraries `code` uses, from the project's lockfile (src/host/code/libraryVersions.ts). */
    versionsFor(document: vscode.TextDocument, code: string): Promise<LibraryVersionShown[]>;
  };
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, surfaces, keys, you, history, log } = deps;
  const reveal = () => surfaces.reveal(deps.settings().openIn);

  const setApiKey = async (): Promise<boolean> => {
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('You.com: Set API Key'),
      prompt: vscode.l10n.t('Paste your You.com API key. It is kept in VS Code secret storage only.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('The key cannot be empty.')),
    });
    if (!key?.trim()) return false;
    const trimmed = key.trim();
    const check = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key…') },
      () => you.checkKey(trimmed),
    );
    if (check.result === 'invalid') {
      void vscode.window.showErrorMessage(vscode.l10n.t('The key was rejected: {0}', errorText(check.reason, vscode.l10n.t)));
      return false;
    }
    await keys.setApiKey(trimmed);
    if (check.result === 'valid') void vscode.window.showInformationMessage(vscode.l10n.t('You.com API key saved. It works.'));
    else {
      const why = errorText(check.reason, vscode.l10n.t);
      void vscode.window.showWarningMessage(vscode.l10n.t('You.com API key saved, but it could not be checked: {0}', why));
    }
    controller.refresh();
    return true;
  };

  const ask = async (question?: unknown) => {
    // A command argument that is not a string (a menu passes a Uri) counts as none.
    const typed =
      typeof question === 'string'
        ? question
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Ask You.com Agent'),
            prompt: vscode.l10n.t('Ask {0}', controller.agents().find((a) => a.id === controller.selectedAgent)?.label ?? ''),
            placeHolder: vscode.l10n.t('Your question'),
            ignoreFocusOut: true,
          });
    if (!typed?.trim()) return;
    const text = await questionAsShown(typed.trim());
    if (!text) return;
    await reveal();
    await controller.ask(text);
  };

  const askAboutSelection = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select some code first.'));
      return;
    }
    const { document, selection } = editor;
    const code = document.getText(selection);
    const picked = await askSelectionQuestion(deps.code ? deps.code.versionsFor(document, code) : Promise.resolve([]));
    const question = picked ? await questionAsShown(picked.question) : undefined;
    if (!picked || !question) return;
    const { versions } = picked;
    const file = vscode.workspace.asRelativePath(document.uri, false);
    const start = selection.start.line + 1;
    const end = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
    const text = withVersionsLine(selectionQuestion(question, code, document.languageId, file, start, end), versions);
    // A user who prefers VS Code's own Chat view asks there (where it exists).
    if (preferNativeChat(deps.settings()) && (await openInNativeChat(text, nativeModelFor(controller.selectedAgent)))) return;
    deps.code?.rememberSelection(text, document, selection);
    await reveal();
    await controller.ask(text, versionsQuestionLabel(selectionLabel(question, file, start, end), versions, vscode.l10n.t));
  };

  const selectAgent = async () => {
    await deps.agentServers.refresh();
    const agents = controller.agents();
    type Item = vscode.QuickPickItem & { id?: string };
    const items: Item[] = [];
    let group = '';
    for (const agent of agents) {
      if (agent.group !== group) {
        group = agent.group;
        items.push({ label: group, kind: vscode.QuickPickItemKind.Separator });
      }
      items.push({
        id: agent.id,
        label: `${agent.id === controller.selectedAgent ? '$(check) ' : ''}${agent.label}`,
        description: agent.unavailable ? vscode.l10n.t('unavailable') : undefined,
        detail: agent.unavailable ?? agent.description,
      });
    }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Select an agent'), matchOnDetail: true });
    if (picked?.id) await controller.selectAgent(picked.id);
  };

  const exportChat = async () => {
    const conversation = controller.current;
    if (conversation.turns.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is nothing to export yet.'));
      return;
    }
    const name = `${conversation.title.replace(/[^\w -]+/g, '').trim().slice(0, 50) || 'chat'}.md`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? deps.context.globalStorageUri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, name),
      filters: { Markdown: ['md'] },
      title: vscode.l10n.t('Export chat as Markdown'),
    });
    if (!target) return;
    // An answer may quote a key back (a careless agent or server): the export passes the one redaction too.
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(redact(conversationToMarkdown(conversation), keys.all())));
    await vscode.window.showTextDocument(target, { preview: true });
  };

  // One demo server per window, however often "Try the demo" is clicked.
  const startDemo = singleFlight(async () => {
    // The demo server is a separate bundle, loaded only when asked for.
    const modulePath = vscode.Uri.joinPath(deps.context.extensionUri, 'dist', 'demo-server.js').fsPath;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path into dist/, not a bundled import
    const { startDemoServer } = require(modulePath) as DemoServerModule;
    const server = await startDemoServer({ deltaDelayMs: 15 });
    deps.context.subscriptions.push({ dispose: () => void server.close() });
    you.embeddedDemoUrl = server.url;
    log.info(`demo server started at ${server.url}`);
  });
  const tryDemo = async () => {
    if (!deps.settings().demoServerUrl) await startDemo();
    controller.refresh();
    await surfaces.focusComposer();
  };

  const register = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    ...registerHistoryCommands({ controller, history, log, reveal }),
    register('youAgents.setApiKey', setApiKey),
    register('youAgents.clearApiKey', async () => {
      await keys.clearApiKey();
      controller.refresh();
      void vscode.window.showInformationMessage(vscode.l10n.t('You.com API key removed.'));
    }),
    register('youAgents.ask', (question?: string) => ask(typeof question === 'string' ? question : undefined)),
    register('youAgents.askAboutSelection', askAboutSelection),
    register('youAgents.newChat', async () => {
      await controller.newChat();
      await surfaces.focusComposer();
    }),
    register('youAgents.stop', () => controller.stop()),
    register('youAgents.focusChat', () => surfaces.focusComposer()),
    register('youAgents.selectAgent', selectAgent),
    register('youAgents.exportChat', exportChat),
    register('youAgents.showLogs', () => deps.channel.show(true)),
    register('youAgents.openInEditor', () => surfaces.reveal('editor')),
    register('youAgents.tryDemo', tryDemo),
    register('youAgents.setAcpToken', async () => {
      const servers = deps.settings().agentServers.filter((s) => s.tokenSecret);
      if (servers.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Give a server a "tokenSecret" name in youAgents.agentServers first.'));
        return;
      }
      const items = servers.map((s) => ({ label: s.name, description: displayUrl(s.url), server: s }));
      const title = vscode.l10n.t('Set the token of which agent server?');
      const picked = servers.length === 1 ? servers[0] : (await vscode.window.showQuickPick(items, { title }))?.server;
      if (!picked?.tokenSecret) return;
      const token = await vscode.window.showInputBox({ title: vscode.l10n.t('Bearer token for {0}', picked.name), password: true, ignoreFocusOut: true });
      if (!token?.trim()) return;
      await keys.setAcpToken(picked.tokenSecret, token.trim());
      await deps.agentServers.refresh();
    }),
  ];
}
