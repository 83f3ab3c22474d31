import { commands, type Disposable, Uri } from 'vscode';
import type * as DemoServer from '../../demo/server';
import { singleFlight } from '../../core/singleFlight';
import type { CommandDeps } from './deps';

/** What dist/demo-server.js (built from src/demo/server.ts) exports. */
type DemoServerModule = typeof DemoServer;

/** "Try the Demo": starts the bundled demo server (unless `demo.serverUrl` names one) and focuses the chat. */
export function registerTryDemo({ context, controller, surfaces, you, settings, log }: CommandDeps): Disposable {
  // One demo server per window, however often "Try the demo" is clicked.
  const startDemo = singleFlight(async () => {
    // The demo server is a separate bundle, loaded only when asked for.
    const modulePath = Uri.joinPath(context.extensionUri, 'dist', 'demo-server.js').fsPath;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path into dist/, not a bundled import
    const { startDemoServer } = require(modulePath) as DemoServerModule;
    const server = await startDemoServer({ deltaDelayMs: 15 });
    context.subscriptions.push({ dispose: () => void server.close() });
    you.embeddedDemoUrl = server.url;
    log.info(`demo server started at ${server.url}`);
  });
  return commands.registerCommand('youAgents.tryDemo', async () => {
    if (!settings().demoServerUrl) await startDemo();
    controller.refresh();
    await surfaces.focusComposer();
  });
}
