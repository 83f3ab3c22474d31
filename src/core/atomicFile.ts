import { randomBytes } from 'node:crypto';
import { sep } from 'node:path';

/** The file calls an atomic replace makes (a subset of HistoryFs, so tests can inject failures). */
export interface AtomicFs {
  writeFile(path: string, data: string, options: { mode: number; flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<string | undefined>;
  rm(path: string, options: { recursive?: boolean; force: boolean }): Promise<void>;
}

let tempCounter = 0;

/**
 * Atomic replace: a temp file in the same folder (mode 0600, made with its folder (0700) when that
 * is missing), then rename, so a reader sees the old or the new file, never half.
 */
export async function replaceFileAtomically(fs: AtomicFs, path: string, text: string, modes: { file: number; dir: number }): Promise<void> {
  const folder = path.slice(0, path.lastIndexOf(sep));
  const temp = `${path}.${process.pid}-${++tempCounter}-${randomBytes(4).toString('hex')}.tmp`;
  const writeTemp = () => fs.writeFile(temp, text, { mode: modes.file, flag: 'wx' });
  try {
    // The folder usually exists; it is made only when missing (a new conversation, or deleted meanwhile).
    await writeTemp().catch(async (err: unknown) => {
      if ((err as { code?: unknown } | null)?.code !== 'ENOENT') throw err;
      await fs.mkdir(folder, { recursive: true, mode: modes.dir });
      await writeTemp();
    });
    await fs.rename(temp, path);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}
