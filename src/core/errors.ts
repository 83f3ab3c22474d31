import { DEFAULT_WAIT_SECONDS, type Credential, type ErrorReason } from './errorReason';
import { errorText } from './errorText';
import { redact } from './redact';

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

/**
 * Turns any error response into an AgentError. Accepts every body shape in docs/protocols.md §1:
 * {status, code, title, detail}, {detail: string}, {detail: [{loc, msg}]}, the 402 credit body,
 * JSON:API {errors: []}, ACP {code, message}, and plain text or HTML from a proxy.
 */
export function httpError(
  status: number,
  bodyText: string,
  retryAfterSeconds: number | undefined,
  { service = 'You.com', credential = 'you-key' }: { service?: string; credential?: Credential } = {},
): AgentError {
  const detail = clip(serverDetail(bodyText));
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
  return new AgentError('http', reason, { status, action: statusAction(status, waitSeconds, upgradeUrl, credential), detail: clip(bodyText, 2000) });
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

/** The most useful human sentence in an error body, whatever its shape. */
export function serverDetail(bodyText: string): string {
  const text = bodyText.trim();
  if (!text) return '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return looksLikeHtml(text) ? htmlSummary(text) : oneLine(text);
  }
  return oneLine(detailFromJson(body));
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
    const body: unknown = JSON.parse(bodyText);
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
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  const onYouCom = host === 'you.com' || host.endsWith('.you.com');
  if (url.protocol !== 'https:' || !onYouCom || url.username || url.password || url.port) return undefined;
  return url.href;
}

function looksLikeHtml(text: string): boolean {
  return /^<(!doctype|html|head|body|\?xml)/i.test(text) || /<\/(html|body|title|h1)>/i.test(text);
}

function htmlSummary(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1];
  const picked = title ?? heading ?? html;
  return oneLine(
    picked
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
  );
}

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

