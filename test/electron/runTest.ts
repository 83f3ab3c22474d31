import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startYouServer } from '../servers/you-server';

/** `npm run test:electron`: the extension-host suite in a downloaded desktop VS Code (needs the network). */
async function main(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const server = await startYouServer();
  const userData = mkdtempSync(join(tmpdir(), 'you-agents-electron-'));
  process.env.YOU_AGENTS_TEST_SERVER = server.url;
  process.env.YOU_AGENTS_USER_DATA = userData;
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'dist', 'test', 'suite.js'),
      launchArgs: ['--disable-extensions', '--user-data-dir', userData, join(root, 'test', 'fixtures', 'workspace')],
    });
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
