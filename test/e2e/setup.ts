import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CACHE,
  QUIET_SETTINGS,
  ROOT,
  ensureCodeServer,
  installExtension,
  makeProfile,
  packageExtension,
  startCodeServer,
  writeUserSettings,
  type Profile,
  type RunningCodeServer,
} from '../harness/codeServer';
import { Workbench } from '../harness/workbench';
import { hostDirs } from '../tools/extensionLogs';
import { freePort } from '../servers/ports';
import { startYouServer, type YouTestServer } from '../servers/you-server';

export const E2E_KEY = 'FAKE-not-a-key-e2e-0123456789';
export const E2E_KEY_2 = 'FAKE-not-a-key-e2e-rotated-9876543210';

export interface E2E {
  you: YouTestServer;
  codeServer: RunningCodeServer;
  workbench: Workbench;
  profile: Profile;
  workspace: string;
  shots: string;
  close(): Promise<void>;
}

/** Everything an end-to-end suite needs: the packaged .vsix installed in a fresh code-server profile, the test server, a browser. */
export interface E2EOptions {
  /** Files written into the workspace before VS Code opens it (e.g. '.vscode/settings.json'). */
  workspaceFiles?: Record<string, string>;
  /** More .vsix files installed into the same profile after ours (e.g. the bench's empty-view floor). */
  extraExtensions?: string[];
  /** More environment for code-server and its extension host (e.g. NODE_EXTRA_CA_CERTS). */
  env?: Record<string, string | undefined>;
}

export async function startE2E(
  name: string,
  settings: Record<string, unknown> = {},
  youOptions: Parameters<typeof startYouServer>[0] = {},
  options: E2EOptions = {},
): Promise<E2E> {
  const install = ensureCodeServer();
  const vsix = existsSync(join(ROOT, 'dist', 'you-agents.vsix')) && process.env.E2E_REUSE_VSIX ? join(ROOT, 'dist', 'you-agents.vsix') : packageExtension();
  const you = await startYouServer({ apiKey: E2E_KEY, deltaDelayMs: 3, ...youOptions });
  const profile = makeProfile(name, true);
  installExtension(install, profile, vsix);
  for (const extra of options.extraExtensions ?? []) installExtension(install, profile, extra);
  // '$YOU' in a setting's value stands for the test server's URL.
  const resolved = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, v === '$YOU' ? you.url : v]));
  writeUserSettings(profile, { ...QUIET_SETTINGS, 'youAgents.baseUrl': you.url, 'youAgents.retries': 0, ...resolved });
  const workspace = join(CACHE, `${name}-workspace`);
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  cpSync(join(ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  for (const [path, content] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  const logs: string[] = [];
  const env = { YOU_API_KEY: undefined, ...options.env };
  const codeServer = await startCodeServer(install, profile, { port: await freePort(), env, log: (l) => logs.push(l) });
  // A workbench that does not come up must not leave code-server and the test server running.
  const workbench = await Workbench.open(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`).catch(async (err: unknown) => {
    await codeServer.stop();
    await you.close();
    throw err;
  });
  const shots = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs') : join(ROOT, 'test-results');
  mkdirSync(shots, { recursive: true });
  return {
    you,
    codeServer,
    workbench,
    profile,
    workspace,
    shots,
    async close() {
      await workbench.close().catch(() => undefined);
      await codeServer.stop();
      await you.close();
    },
  };
}

/** Every log of our extension (the "You.com" LogOutputChannel) and of the extension host in the profile, oldest first (a reload starts the next host). */
export function readLogs(profile: Profile): { extension: string; host: string } {
  let extension = '';
  let host = '';
  for (const dir of hostDirs(profile)) {
    const ours = join(dir, 'you-agents.you-agents', 'You.com.log');
    const hostLog = join(dir, 'remoteexthost.log');
    if (existsSync(ours)) extension += readFileSync(ours, 'utf8');
    if (existsSync(hostLog)) host += readFileSync(hostLog, 'utf8');
  }
  return { extension, host };
}

/** Waits (bounded) for a condition that is checked by polling, e.g. on the test server's records. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
