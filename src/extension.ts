import { commands as vscodeCommands, FileType, Uri, window, workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import type * as Main from './host/main';
import type { Started } from './host/main';
import { YOU_KEY_SECRET } from './host/secretIds';
import { registerChatStandIns, registerCommandStandIns, registerViewStandIns, showNativeChatCommands } from './host/standIns';

// Set by esbuild's banner and footer around the bundle; absent when run from source.
declare const __youAgentsLoadStart: number | undefined;
declare let __youAgentsLoadEnd: number | undefined;

/** The rest of the extension once loaded (first use); what `deactivate` shuts down. */
let started: Started | undefined;

/**
 * Activation registers what VS Code shows or calls (see src/host/standIns.ts) and nothing else:
 * the chat, its sources, keys and history load on first use, from dist/extension-main.js.
 * VS Code activates the extension on that use too (a command, the view, `@you`, a model or tool
 * request, a restored chat panel), so nothing runs in a window where it is not used. Even the log
 * waits for first use: its lines from activation are kept until then (`pending`).
 */
export function activate(context: ExtensionContext): void {
  const activateStart = performance.now();
  const pending: string[] = [];
  // A first command runs once this window's chat is restored: an Export or the accessible view acts on it, not on an empty one.
  const commands = registerCommandStandIns(context, (id, args) => load().restored.then(() => vscodeCommands.executeCommand(id, ...args)));
  const load = (): Started => {
    if (started) return started;
    // The real commands take the stand-ins' ids.
    commands.dispose();
    const loadStart = performance.now();
    const channel = openLog(context, pending);
    // The key's read goes out before the rest loads (a round trip to the window), so it is back when the chat asks for it.
    const storedKey = context.secrets.get(YOU_KEY_SECRET);
    const moduleStart = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the deferred bundle, loaded on first use (esbuild leaves it external)
    const main = require('./extension-main.js') as typeof Main;
    const startStart = performance.now();
    started = main.start(context, channel, storedKey);
    views.adoptWaiting();
    showNativeChatCommands();
    const done = performance.now();
    const parts = `log ${(moduleStart - loadStart).toFixed(1)} + module ${(startStart - moduleStart).toFixed(1)} + start ${(done - startStart).toFixed(1)}`;
    channel.info(`loaded on first use in ${(done - loadStart).toFixed(1)} ms (${parts})`);
    return started;
  };
  const views = registerViewStandIns(load, () => started !== undefined, context);
  const chat = registerChatStandIns(load, context.extensionUri);
  context.subscriptions.push(commands, ...views.disposables, ...chat.disposables);
  pending.push(chat.report, activationReport(activateStart));
  // A background research task left unfinished (a closed window, yesterday's session) is resumed
  // now, not when the chat is next opened: one directory read decides, after startup finished.
  void hasPendingResearch(context).then((pendingTasks) => pendingTasks && load());
}

/** Whether any window left a research task record (src/core/researchTasks.ts) to resume. */
async function hasPendingResearch(context: ExtensionContext): Promise<boolean> {
  try {
    // VS Code's file system API: no Node module to load while activating.
    const entries = await workspace.fs.readDirectory(Uri.joinPath(context.globalStorageUri, 'research-tasks'));
    return entries.some(([name, type]) => type === FileType.File && name.endsWith('.json'));
  } catch {
    return false;
  }
}

/** The extension's log, created on first use, with the lines kept since activation written first. */
function openLog(context: ExtensionContext, pending: string[]): LogOutputChannel {
  const channel = window.createOutputChannel('You.com', { log: true });
  context.subscriptions.push(channel);
  for (const line of pending.splice(0)) channel.info(line);
  return channel;
}

/** A reload or window close mid-answer: the answer so far is saved, marked interrupted. */
export function deactivate(): Promise<void> | undefined {
  return started?.shutdown();
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
