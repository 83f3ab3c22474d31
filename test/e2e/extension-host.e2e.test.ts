import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import {
  CACHE,
  QUIET_SETTINGS,
  ROOT,
  ensureCodeServer,
  makeProfile,
  startVsCodeServer,
  writeUserSettings,
  type RunningCodeServer,
} from '../harness/codeServer';
import { Workbench } from '../harness/workbench';
import { freePort } from '../servers/ports';
import { startYouServer, type YouTestServer } from '../servers/you-server';
import { eventually } from './setup';

/**
 * VS Code's own extension-tests mechanism, in the VS Code server that code-server ships: with
 * --enable-smoke-test-driver the web workbench takes extensionDevelopmentPath and
 * extensionTestsPath from its `payload` URL parameter and runs test/electron/suite.ts in the real
 * (remote) extension host, against the extension's source tree. (code-server itself refuses that flag.)
 */
let server: YouTestServer;
let codeServer: RunningCodeServer;
let workbench: Workbench;
const results = join(CACHE, 'extension-host-results.json');

before(
  async () => {
    const install = ensureCodeServer();
    const build = spawnSync('node', ['esbuild.mjs'], { cwd: ROOT, stdio: 'ignore' });
    assert.equal(build.status, 0, 'the development build (with the test suite) succeeds');
    server = await startYouServer();
    const profile = makeProfile('extension-host', true);
    writeUserSettings(profile, QUIET_SETTINGS);
    rmSync(results, { force: true });
    const workspace = join(CACHE, 'extension-host-workspace');
    mkdirSync(workspace, { recursive: true });
    codeServer = await startVsCodeServer(install, profile, {
      port: await freePort(),
      env: { YOU_AGENTS_TEST_SERVER: server.url, YOU_AGENTS_USER_DATA: profile.userDataDir, YOU_AGENTS_TEST_RESULTS: results, YOU_API_KEY: undefined },
    });
    const authority = new URL(codeServer.url).host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${ROOT}`],
      ['extensionTestsPath', `vscode-remote://${authority}${join(ROOT, 'dist', 'test', 'suite.js')}`],
    ];
    workbench = await Workbench.open(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  },
  { timeout: 600_000 },
);

after(async () => {
  await workbench?.close().catch(() => undefined);
  await codeServer?.stop();
  await server?.close();
});

test('the extension-host suite passes inside code-server', { timeout: 120_000 }, async () => {
  await eventually(() => existsSync(results), 'the extension-host suite to report', 90_000);
  const outcome = JSON.parse(readFileSync(results, 'utf8')) as { name: string; ok: boolean; error?: string }[];
  assert.equal(outcome.length, 6);
  for (const r of outcome) assert.ok(r.ok, `${r.name}: ${r.error}`);
  assert.ok(server.requests.some((r) => (r.body as { input?: string }).input === 'Integration question from the extension host'));
});
