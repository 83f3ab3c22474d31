/**
 * Replaces every secret and every bearer token in `text` with a fixed mask. The one redaction
 * of the extension: logs, errors (and so the errors history keeps) and exports pass through it.
 *
 * A secret is masked in every form a server, a proxy or a URL could echo it in: raw;
 * percent-encoded, in either hex case, whole or only in part; JSON-escaped (`\/`, `\uXXXX`);
 * HTML entities (`&#47;`, `&#x2F;`, `&sol;`); base64 and base64url at each of the three byte
 * alignments. Escapes are decoded into shadow texts (one per kind of escape, one with all) that
 * remember where each of their characters came from, so a mixed or partial encoding is found
 * like a whole one. A text that ends with the start of a secret (a body cut by a read limit)
 * loses that start too.
 * Time is linear in the text for each secret.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  // Very short values would mask ordinary words; real keys are long.
  const needles = secrets.filter((s): s is string => !!s && s.length >= MIN_SECRET).flatMap(secretNeedles);
  let out = text;
  if (needles.length > 0) {
    const spans: Span[] = [];
    for (const needle of needles) findAll(text, needle, identity, spans);
    // One shadow per kind of escape and one with all: a secret's own `\b` or `%41` must not be
    // decoded away when the rest of it is encoded another way (or not at all).
    for (const escape of ESCAPES) {
      const shadow = decodeEscapes(text, escape);
      if (shadow) for (const needle of needles) findAll(shadow.text, needle, shadow.origin, spans);
    }
    out = maskSpans(text, spans);
  }
  return out.replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${MASK}`).replace(/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${MASK}`);
}

export const MASK = '***';

/**
 * The first `max` characters of `text` as `redact` would leave them if it saw the whole text:
 * redacted before the cut, over a margin long enough for the longest escaped form of a secret
 * that straddles it. Costs time in `max`, not in the text.
 */
export function redactedHead(text: string, secrets: readonly (string | undefined)[], max: number): string {
  const margin = BEARER_MARGIN + Math.max(0, ...secrets.map((s) => (s?.length ?? 0) * LONGEST_ESCAPE));
  const redacted = redact(text.length > max + margin ? text.slice(0, max + margin) : text, secrets);
  return redacted.length > max ? redacted.slice(0, max) : redacted;
}

/** `&#x10FFFF;`: no escape of one character is longer. */
const LONGEST_ESCAPE = 10;
const BEARER_MARGIN = 64;

const MIN_SECRET = 6;
/** The shortest base64 core worth masking: shorter ones would match ordinary text. */
const MIN_CORE = 6;
/** The shortest start of a secret masked at the very end of a text. */
const MIN_TAIL = 4;

/** [start, end) in the original text. */
type Span = [number, number];

/** The secret and its base64 / base64url cores, longest first. */
function secretNeedles(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  // Percent-decoding yields UTF-8 bytes one per character: a non-ASCII secret is looked for that way too.
  const forms = new Set([secret, String.fromCharCode(...bytes)]);
  for (let align = 0; align < 3; align++) {
    const core = base64Core(bytes, align);
    if (core.length >= MIN_CORE) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * The base64 characters that depend only on `bytes` when they start `align` bytes into a
 * 3-byte group: the characters that mix in neighbouring bytes are left out.
 */
function base64Core(bytes: Uint8Array, align: number): string {
  const padded = new Uint8Array(align + bytes.length);
  padded.set(bytes, align);
  const encoded = btoa(String.fromCharCode(...padded)).replace(/=+$/, '');
  const skip = align === 0 ? 0 : align + 1;
  const tailBytes = padded.length % 3;
  const drop = tailBytes === 0 ? 0 : 1;
  return encoded.slice(skip, encoded.length - drop);
}

function identity(i: number): number {
  return i;
}

/** Every occurrence of `needle` in `haystack`, and a start of it at the very end, as spans of the original. */
function findAll(haystack: string, needle: string, origin: (i: number) => number, spans: Span[]): void {
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
    spans.push([origin(at), origin(at + needle.length)]);
  }
  const longest = Math.min(needle.length - 1, haystack.length);
  for (let n = longest; n >= MIN_TAIL; n--) {
    if (haystack.endsWith(needle.slice(0, n))) {
      spans.push([origin(haystack.length - n), origin(haystack.length)]);
      break;
    }
  }
}

/** `text` with each span (merged where they overlap) replaced by the mask. */
function maskSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  spans.sort((x, y) => x[0] - y[0]);
  let out = '';
  let from = 0;
  let end = -1;
  for (const [start, stop] of spans) {
    if (start > end) {
      if (end >= 0) from = end;
      out += text.slice(from, start) + MASK;
    }
    end = Math.max(end, stop);
  }
  return out + text.slice(end);
}

interface Shadow {
  text: string;
  /** The index in the original text of shadow index k (k may be the shadow's length). */
  origin: (k: number) => number;
}

/** Escapes: percent (`%2f`), JSON (`\/`, `\u002f`), HTML entities (`&#47;`, `&#x2F;`, `&sol;`), and all three. Bounded, so linear. */
const PERCENT = '%[0-9a-fA-F]{2}';
const JSON_ESCAPE = '\\\\u[0-9a-fA-F]{4}|\\\\[/\\\\"bfnrt]';
const HTML_ENTITY = '&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});';
const ESCAPES = [PERCENT, JSON_ESCAPE, HTML_ENTITY, `${PERCENT}|${JSON_ESCAPE}|${HTML_ENTITY}`].map((source) => new RegExp(source, 'g'));

/**
 * `text` with one layer of escapes decoded. Where the two differ is kept as breakpoints: pairs
 * (shadow index, text index) at the start and the end of each escape, so plain stretches cost
 * nothing and `origin` is a binary search.
 */
function decodeEscapes(text: string, escape: RegExp): Shadow | undefined {
  const parts: string[] = [];
  const shadowStops: number[] = [];
  const textStops: number[] = [];
  let last = 0;
  let shadowLength = 0;
  for (const match of text.matchAll(escape)) {
    const char = decodeEscape(match[0]);
    if (char === undefined) continue;
    const at = match.index;
    parts.push(text.slice(last, at), char);
    shadowLength += at - last;
    shadowStops.push(shadowLength, shadowLength + char.length);
    textStops.push(at, at + match[0].length);
    shadowLength += char.length;
    last = at + match[0].length;
  }
  if (shadowStops.length === 0) return undefined;
  parts.push(text.slice(last));
  const shadowAt = (j: number): number => shadowStops[j] ?? Infinity;
  const textAt = (j: number): number => textStops[j] ?? 0;
  const origin = (k: number): number => {
    if (k < shadowAt(0)) return k;
    // The last breakpoint at or before k: inside an escape (even) maps to its start, after one (odd) counts on.
    let low = 0;
    let high = shadowStops.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (shadowAt(mid) <= k) low = mid;
      else high = mid - 1;
    }
    return low % 2 === 0 && k < shadowAt(low + 1) ? textAt(low) : textAt(low) + (k - shadowAt(low));
  };
  return { text: parts.join(''), origin };
}

const JSON_ESCAPES: Record<string, string> = { '/': '/', '\\': '\\', '"': '"', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', plus: '+', equals: '=', percnt: '%',
  lowbar: '_', hyphen: '-', period: '.', colon: ':', num: '#', excl: '!',
};

/** The character one ESCAPE match stands for; undefined for an entity we do not know. */
function decodeEscape(escape: string): string | undefined {
  if (escape[0] === '%') return String.fromCharCode(parseInt(escape.slice(1), 16));
  if (escape[0] === '\\') return escape[1] === 'u' ? String.fromCharCode(parseInt(escape.slice(2), 16)) : JSON_ESCAPES[escape[1] ?? ''];
  const body = escape.slice(1, -1);
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return Object.hasOwn(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : undefined;
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
