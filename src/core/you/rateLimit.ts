import { parseRetryAfter } from '../net/http';

/**
 * How long a 429 asks the client to wait, in seconds: `Retry-After` when present (seconds or an
 * HTTP date), else `X-RateLimit-Reset`. You.com documents the reset as a Unix timestamp in
 * seconds; a value in milliseconds (past 1e12) or a small count of seconds to wait (below 1e9, as
 * some APIs send it) is read as such. Undefined when neither header says.
 */
export function rateLimitWaitSeconds(headers: Pick<Headers, 'get'>, now = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const raw = headers.get('x-ratelimit-reset')?.trim();
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const value = Number(raw);
  if (value < 1e9) return Math.ceil(value);
  const resetMs = value > 1e12 ? value : value * 1000;
  return Math.max(0, Math.ceil((resetMs - now) / 1000));
}
