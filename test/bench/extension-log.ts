import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../harness/codeServer';

/** Every session's log of one extension's output channel (`extensionId`, channel `name`), oldest first. */
export function extensionLog(profile: Profile, extensionId: string, name: string): string {
  const root = join(profile.userDataDir, 'logs');
  let text = '';
  for (const session of readdirSync(root).sort()) {
    const file = join(root, session, 'exthost1', extensionId, `${name}.log`);
    if (existsSync(file)) text += readFileSync(file, 'utf8');
  }
  return text;
}
