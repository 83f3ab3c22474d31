import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../harness/codeServer';

/** Every extension host's log folder of the profile, oldest first (a window reload starts exthost2, exthost3, …). */
export function hostDirs(profile: Profile): string[] {
  const root = join(profile.userDataDir, 'logs');
  if (!existsSync(root)) return [];
  const number = (name: string) => Number(/^exthost(\d+)$/.exec(name)?.[1] ?? 0);
  return readdirSync(root)
    .sort()
    .flatMap((session) =>
      readdirSync(join(root, session))
        .filter((name) => number(name) > 0)
        .sort((a, b) => number(a) - number(b))
        .map((name) => join(root, session, name)),
    );
}

/** One extension's output channel (`extensionId`, channel `name`) over every extension host of the profile. */
export function extensionLog(profile: Profile, extensionId: string, name: string): string {
  let text = '';
  for (const dir of hostDirs(profile)) {
    const file = join(dir, extensionId, `${name}.log`);
    if (existsSync(file)) text += readFileSync(file, 'utf8');
  }
  return text;
}

/**
 * How many extension hosts of the profile saw startup finish: VS Code activated an `onStartupFinished`
 * extension of its own there (the moment an extension on that event would have been activated).
 */
export function hostsStarted(profile: Profile): number {
  return hostDirs(profile).filter((dir) => {
    const file = join(dir, 'remoteexthost.log');
    return existsSync(file) && readFileSync(file, 'utf8').includes("activationEvent: 'onStartupFinished'");
  }).length;
}
