import { DEFAULT_WAIT_SECONDS, type Credential, type ErrorReason } from './errorReason';
import { errorText } from './errorText';
import { parseRemoteJson } from './json';
import { redact, redactedHead } from './redact';
import { parseUrl } from './url';

export type { Credential, ErrorReason };

export type ErrorKind =
  | 'http' // the server answered with an error status
  | 'network' // no connection, reset before a response
  | 'connect-timeout' // no response headers in time
  | 'idle-timeout' // the stream went silent
  | 'interrupted' // the stream ended before the run finished
  | 'aborted' // the user cancelled
  | 'protocol' // the server sent something we cannot read
  | 'failed' // the agent itself reported a failure
  | 'config'; // our own settings are wrong

/** What the user can do about an error; the UI turns each into a button or hint. */
export type SuggestedAction =
  | { kind: 'set-key' }
  | { kind: 'add-credits'; url?: string }
  | { kind: 'wait'; seconds: number }
  | { kind: 'check-agent' }
  | { kind: 'check-settings' }
  | { kind: 'retry' }
  | { kind: 'none' };

export interface AgentErrorInit {
  status?: number;
  action?: SuggestedAction;
  /** Longer text for logs (server detail, cause); already redacted. */
  detail?: string;
}

/**
 * The one error type the protocol core throws or reports. `reason` says what happened as data;
 * `message` is its English wording (logs), made by `errorText` (./errorText.ts, untranslated). Its texts never carry a key.
 */
export class AgentError extends Error {
  readonly kind: ErrorKind;
  readonly reason: ErrorReason;
  readonly status?: number;
  readonly action: SuggestedAction;
  readonly detail?: string;

  constructor(kind: ErrorKind, reason: ErrorReason, init: AgentErrorInit = {}) {
    super(errorText(reason));
    this.name = 'AgentError';
    this.kind = kind;
    this.reason = reason;
    this.status = init.status;
    this.action = init.action ?? { kind: 'none' };
    this.detail = init.detail;
  }

  /** A copy whose texts (every text in the reason, the detail) are redacted of `secrets`: errors cross into logs and the UI. */
  redacted(secrets: readonly (string | undefined)[]): AgentError {
    return new AgentError(this.kind, redactReason(this.reason, secrets), {
      status: this.status,
      action: this.action,
      detail: this.detail === undefined ? undefined : redact(this.detail, secrets),
    });
  }

  toJSON(): object {
    return { kind: this.kind, reason: this.reason, message: this.message, status: this.status, action: this.action, detail: this.detail };
  }
}

export function isAgentError(value: unknown): value is AgentError {
  return value instanceof AgentError;
}

function redactReason(reason: ErrorReason, secrets: readonly (string | undefined)[]): ErrorReason {
  const copy: Record<string, unknown> = { ...reason };
  for (const [field, value] of Object.entries(copy)) if (field !== 'code' && typeof value === 'string') copy[field] = redact(value, secrets);
  return copy as ErrorReason;
}

const MAX_DETAIL = 300;
const MAX_LOG_DETAIL = 2000;

/**
 * Turns any error response into an AgentError. Accepts every body shape in docs/protocols.md §1:
 * {status, code, title, detail}, {detail: string}, {detail: [{loc, msg}]}, the 402 credit body,
 * JSON:API {errors: []}, ACP {code, message}, and plain text or HTML from a proxy.
 */
export function httpError(
  status: number,
  bodyText: string,
  retryAfterSeconds: number | undefined,
  {
    service = 'You.com',
    credential = 'you-key',
    secrets = [],
    product,
  }: {
    service?: string;
    credential?: Credential;
    secrets?: readonly (string | undefined)[];
    /** The You.com product called (Research, Search…): a 403 "Missing required scopes" names it. */
    product?: string;
  } = {},
): AgentError {
  // Redacted before anything is cut: a clip must never leave the first half of a key behind.
  const detail = clip(serverDetail(bodyText, secrets));
  if (status === 403 && product && /missing required scope/i.test(detail)) {
    const logDetail = clip(redactedHead(bodyText, secrets, MAX_LOG_DETAIL + 1), MAX_LOG_DETAIL);
    return new AgentError('http', { code: 'missing-scope', service, product }, { status, action: { kind: 'set-key' }, detail: logDetail });
  }
  const upgradeUrl = trustedUpgradeUrl(jsonField(bodyText, 'upgrade_url'));
  const waitSeconds = status === 429 ? (retryAfterSeconds ?? DEFAULT_WAIT_SECONDS) : undefined;
  const reason: ErrorReason = {
    code: 'http-status',
    service,
    status,
    ...(credential === 'server-token' ? { credential } : {}),
    ...(waitSeconds !== undefined ? { waitSeconds } : {}),
    ...(detail ? { detail } : {}),
  };
  const logDetail = clip(redactedHead(bodyText, secrets, MAX_LOG_DETAIL + 1), MAX_LOG_DETAIL);
  return new AgentError('http', reason, { status, action: statusAction(status, waitSeconds, upgradeUrl, credential), detail: logDetail });
}

function statusAction(status: number, waitSeconds: number | undefined, upgradeUrl: string | undefined, credential: Credential): SuggestedAction {
  if (credential === 'server-token' && (status === 401 || status === 403)) return { kind: 'check-settings' };
  switch (status) {
    case 400:
    case 422:
      return { kind: 'check-settings' };
    case 401:
    case 403:
      return { kind: 'set-key' };
    case 402:
      return { kind: 'add-credits', url: upgradeUrl };
    case 404:
      return { kind: 'check-agent' };
    case 429:
      return { kind: 'wait', seconds: waitSeconds ?? DEFAULT_WAIT_SECONDS };
    default:
      return { kind: 'retry' };
  }
}

/**
 * The most useful human sentence in an error body, whatever its shape, redacted of `secrets`.
 * Only the first SUMMARY_INPUT_CHARS of the text are looked at (a JSON body is parsed whole: that is linear).
 */
export function serverDetail(bodyText: string, secrets: readonly (string | undefined)[] = []): string {
  const text = bodyText.trim();
  if (!text) return '';
  let body: unknown;
  try {
    body = parseRemoteJson(text);
  } catch {
    const head = redactedHead(text, secrets, SUMMARY_INPUT_CHARS);
    return looksLikeHtml(head) ? htmlSummary(head) : oneLine(head);
  }
  return oneLine(redactedHead(detailFromJson(body), secrets, SUMMARY_INPUT_CHARS));
}

function detailFromJson(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!isRecord(body)) return '';
  const { detail, title, message, error, errors } = body;
  if (Array.isArray(detail)) {
    // FastAPI validation list: "body.tools.0: Input should be ..."
    return detail
      .filter(isRecord)
      .map((d) => {
        const loc = Array.isArray(d.loc) ? d.loc.join('.') : '';
        const msg = typeof d.msg === 'string' ? d.msg : '';
        return loc ? `${loc}: ${msg}` : msg;
      })
      .filter(Boolean)
      .join('; ');
  }
  if (typeof detail === 'string' && typeof title === 'string') return `${title}: ${detail}`;
  if (typeof detail === 'string') return detail;
  if (typeof message === 'string') return message;
  if (typeof error === 'string') return error;
  if (isRecord(error)) return detailFromJson(error);
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0];
    if (isRecord(first)) {
      const parts = [first.title, first.detail].filter((p): p is string => typeof p === 'string');
      return parts.join(': ');
    }
  }
  if (typeof title === 'string') return title;
  return '';
}

function jsonField(bodyText: string, field: string): string | undefined {
  try {
    const body: unknown = parseRemoteJson(bodyText);
    const value = isRecord(body) ? body[field] : undefined;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An upgrade link from a server is shown as a button, so only https on you.com (or a subdomain)
 * is kept; anything else is dropped and the UI falls back to its own credits page.
 */
export function trustedUpgradeUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const url = parseUrl(value);
  if (!url) return undefined;
  const host = url.hostname.toLowerCase();
  const onYouCom = host === 'you.com' || host.endsWith('.you.com');
  if (url.protocol !== 'https:' || !onYouCom || url.username || url.password || url.port) return undefined;
  return url.href;
}

/** An error body is summarised from its start only: the sentence a user needs is in the first few KB. */
export const SUMMARY_INPUT_CHARS = 8 * 1024;

function looksLikeHtml(text: string): boolean {
  return /^<(!doctype|html|head|body|\?xml)/i.test(text) || /<\/(html|body|title|h1)>/i.test(text);
}

/**
 * The title (or first heading, or text) of an HTML page, found by index scanning: no pattern
 * here can backtrack, so a hostile page costs time linear in its (already cut) length.
 */
function htmlSummary(html: string): string {
  const lower = html.toLowerCase();
  const picked = elementText(html, lower, 'title') ?? elementText(html, lower, 'h1') ?? html;
  return oneLine(decodeBasicEntities(stripTags(picked)));
}

/** The raw content of the first `<name ...>…</name>`, or undefined. */
function elementText(html: string, lower: string, name: string): string | undefined {
  let at = lower.indexOf(`<${name}`);
  while (at >= 0) {
    const after = lower.charCodeAt(at + name.length + 1);
    // `<title>` or `<title attr>`, not `<titles>`.
    if (after === 0x3e /* > */ || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d || after === 0x2f) break;
    at = lower.indexOf(`<${name}`, at + 1);
  }
  if (at < 0) return undefined;
  const open = lower.indexOf('>', at);
  if (open < 0) return undefined;
  const close = lower.indexOf(`</${name}>`, open + 1);
  return close < 0 ? undefined : html.slice(open + 1, close);
}

/** Text with tags, scripts and styles removed, each replaced by a space. One pass, no backtracking. */
function stripTags(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += `${html.slice(i, lt)} `;
    const skipTo = lower.startsWith('<script', lt) ? '</script>' : lower.startsWith('<style', lt) ? '</style>' : '>';
    const end = lower.indexOf(skipTo, lt + 1);
    // An unclosed tag or script: the rest is markup, not text.
    if (end < 0) break;
    i = end + skipTo.length;
  }
  return out;
}

function decodeBasicEntities(text: string): string {
  return text.replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (_, name: string) => BASIC_ENTITIES[name] ?? ' ');
}

const BASIC_ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max = MAX_DETAIL): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any thrown value as an AgentError (unknown failures are protocol errors, redacted of bearer tokens). */
export function toAgentError(err: unknown): AgentError {
  if (isAgentError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AgentError('protocol', { code: 'unexpected', message: redact(message) }, { action: { kind: 'retry' } });
}

