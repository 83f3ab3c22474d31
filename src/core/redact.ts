/**
 * Replaces every secret and every bearer token in `text` with a fixed mask. A secret is also
 * masked in the forms a server or a URL would echo it in: URL-encoded and JSON-escaped.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would mask ordinary words; real keys are long.
    if (!secret || secret.length < 6) continue;
    for (const form of secretForms(secret)) out = out.split(form).join(MASK);
  }
  return out.replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${MASK}`).replace(/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${MASK}`);
}

export const MASK = '***';

/** The raw secret and its encoded forms that differ from it, longest first (so no form leaves a tail of another). */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  return [...forms].sort((a, b) => b.length - a.length);
}

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
