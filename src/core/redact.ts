/** Replaces every secret and every bearer token in `text` with a fixed mask. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words; real keys are long.
    if (secret && secret.length >= 6) out = out.split(secret).join(MASK);
  }
  return out.replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${MASK}`).replace(/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${MASK}`);
}

export const MASK = '***';

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** Wraps a log so nothing written through it can carry one of `secrets`. */
export function redactingLog(log: Log, secrets: readonly (string | undefined)[]): Log {
  return {
    debug: (m) => log.debug(redact(m, secrets)),
    info: (m) => log.info(redact(m, secrets)),
    warn: (m) => log.warn(redact(m, secrets)),
    error: (m) => log.error(redact(m, secrets)),
  };
}
