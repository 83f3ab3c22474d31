import { isRecord } from '../errors';
import type { Citation } from '../events';
import { hostOf, isHttpUrl, parseUrl } from '../url';

/**
 * A Research report cites its sources with `[[1]]` or `[[1, 2]]`: 1-based positions in its
 * `sources` list. Here they become the numbered links the chat already knows from the agents'
 * answers (`[[n]](url)`, which the webview styles as citation n when the URL is source n's), and
 * the sources become Citations with their snippets. A marker that names a number with no source is
 * left as it was written. One pass over the report.
 */

const MAX_SNIPPETS = 8;
const MAX_SNIPPET_CHARS = 2_000;
const MAX_TITLE_CHARS = 300;
/** `[[` + numbers, commas and spaces + `]]`: longer is not a marker (and bounds the look-ahead). */
const MAX_MARKER_CHARS = 64;
/**
 * How much the links may add to a report: each marker repeats its source's URL, which the report
 * does not bound (200,000 `[[1]]` and an 8 KB URL would make 1.6 GB), so markers past this stay as
 * written. Real reports add a few KB; the bound keeps the result linear in what was received.
 */
const linkBudget = (report: string) => 2 * report.length + 1024 * 1024;

/**
 * The sources as Citations. `index` is the source's position (1-based) whether or not earlier
 * ones were dropped, so the report's numbers keep pointing at the right source; a source without
 * an http(s) URL is dropped.
 */
export function researchCitations(sources: unknown): Citation[] {
  if (!Array.isArray(sources)) return [];
  const citations: Citation[] = [];
  sources.forEach((source, position) => {
    if (!isRecord(source) || typeof source.url !== 'string' || !isHttpUrl(source.url)) return;
    const url = source.url;
    const host = hostOf(url);
    const snippets = Array.isArray(source.snippets)
      ? source.snippets
          .filter((s): s is string => typeof s === 'string' && s.trim() !== '')
          .slice(0, MAX_SNIPPETS)
          .map((s) => clip(s.trim(), MAX_SNIPPET_CHARS))
      : [];
    const title = typeof source.title === 'string' && source.title.trim() ? clip(source.title.trim(), MAX_TITLE_CHARS) : host || url;
    citations.push({ index: position + 1, url, host, title, snippet: snippets[0] ?? '', ...(snippets.length > 0 ? { snippets } : {}) });
  });
  return citations;
}

/** `report` with each in-range `[[n]]` / `[[n, m]]` marker written as `[[n]](url)[[m]](url)` (within `linkBudget`); others unchanged. */
export function linkCitationMarkers(report: string, citations: readonly Citation[]): string {
  const byIndex = new Map<number, string>();
  for (const c of citations) byIndex.set(c.index, markdownDestination(c.url));
  let budget = linkBudget(report);
  let out = '';
  let copied = 0;
  // The next `]]` at or after a position is looked up once and reused while it stays ahead:
  // a report of `[[[[…` without a close scans the text once, not once per `[[`.
  let close = -1;
  let at = report.indexOf('[[');
  while (at >= 0) {
    if (close < at + 2) close = report.indexOf(']]', at + 2);
    if (close < 0) break;
    const links = close - at <= MAX_MARKER_CHARS ? markerLinks(report.slice(at + 2, close), byIndex) : undefined;
    if (links !== undefined && links.length <= budget) {
      budget -= links.length;
      out += report.slice(copied, at) + links;
      copied = close + 2;
      at = report.indexOf('[[', copied);
    } else {
      at = report.indexOf('[[', at + 1);
    }
  }
  return out + report.slice(copied);
}

/** The links for a marker's inside (`1`, `1, 2`), or undefined when it is not a marker or names a missing source. */
function markerLinks(inner: string, byIndex: ReadonlyMap<number, string>): string | undefined {
  if (!/^\s*\d{1,4}(\s*,\s*\d{1,4})*\s*$/.test(inner)) return undefined;
  let links = '';
  for (const part of inner.split(',')) {
    const n = Number(part.trim());
    const destination = byIndex.get(n);
    if (destination === undefined) return undefined;
    links += `[[${n}]](${destination})`;
  }
  return links;
}

/**
 * A URL as a Markdown link destination: its parsed form (spaces and angle brackets percent-encoded)
 * in `<…>`, so parentheses in it cannot end the link early.
 */
export function markdownDestination(url: string): string {
  const href = parseUrl(url)?.href ?? url;
  return `<${href.replace(/[<>\s]/g, encodeURIComponent)}>`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
