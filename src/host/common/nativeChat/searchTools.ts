/**
 * The web search and page-contents tools without `vscode`: their input checks, what their
 * confirmation shows (the exact text and URLs sent, with hidden characters written out, as
 * `#youcom`'s), and their output for a model (bounded Markdown). The host passes vscode.l10n.t.
 */
import { escapeInline, linkTarget } from '../../../core/exportMarkdown';
import { AgentError } from '../../../core/errors';
import { untranslated as english, type Translate } from '../../../core/translate';
import { escapeCodePoint, hiddenCodePoints, showHidden } from '../../../core/visibleText';
import type { PageContents } from '../../../core/you/contents';
import { MAX_COUNT, searchRequest, type SearchQuery, type SearchResult } from '../../../core/you/search';
import { TOOL_OUTPUT_LIMIT } from './render';

/** The search tool's input as the model sends it (any JSON): a query, optional count and freshness. */
export function searchToolInput(input: unknown): SearchQuery {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const { query, count, freshness } = value;
  if (typeof query !== 'string' || !query.trim()) throw new AgentError('config', { code: 'empty-question' });
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count))) {
    throw invalidInput('count', count, `1-${MAX_COUNT}`);
  }
  if (freshness !== undefined && typeof freshness !== 'string') {
    throw invalidInput('freshness', freshness, 'day, week, month, year');
  }
  const checked: SearchQuery = { query: query.trim(), ...(count === undefined ? {} : { count }), ...(freshness ? { freshness } : {}) };
  // Refused before the confirmation, not after it: the API's ranges and forms (src/core/you/search.ts).
  searchRequest(checked);
  return checked;
}

/** The contents tool's input: `urls` (a list, or one string). */
export function contentsToolInput(input: unknown): string[] {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).urls : undefined;
  const urls = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  if (urls.length === 0 || !urls.every((u): u is string => typeof u === 'string')) {
    throw invalidInput('urls', value, 'a list of http(s) URLs');
  }
  return urls;
}

/** A model's bad input, shown as (cut) JSON. */
function invalidInput(field: string, value: unknown, allowed: string): AgentError {
  return new AgentError('config', { code: 'invalid-input', field, value: String(JSON.stringify(value) ?? 'nothing').slice(0, 80), allowed });
}

/** Text inside a code fence longer than any run of backticks in it, hidden characters written out and named. */
function fenced(text: string, t: Translate): string {
  const shown = showHidden(text);
  const longestTicks = Math.max(2, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestTicks + 1);
  const hidden = hiddenCodePoints(text);
  const named = hidden.map(escapeCodePoint).join(' ');
  const warning = hidden.length ? `${t('It contains invisible or reordering characters, shown as {0}; they are sent as they are.', named)}\n\n` : '';
  return `${warning}${fence}text\n${shown}\n${fence}`;
}

export function searchConfirmation(input: SearchQuery, host: string, t: Translate = english): { title: string; message: string } {
  const options = [
    input.count === undefined ? '' : t('results: {0}', String(input.count)),
    input.freshness ? t('freshness: {0}', showHidden(input.freshness)) : '',
  ].filter(Boolean);
  // The options go in the sentence: a dialog shows the fence as plain text, run on with what follows it.
  const intro = options.length
    ? t('This exact text goes to You.com Search at {0} ({1}):', host, options.join(', '))
    : t('This exact text goes to You.com Search at {0}:', host);
  return {
    title: t('Search the web with You.com?'),
    message: `${intro}\n\n${fenced(input.query, t)}`,
  };
}

export function contentsConfirmation(urls: readonly string[], host: string, t: Translate = english): { title: string; message: string } {
  return {
    title: t('Fetch these pages through You.com?'),
    message: `${t('These addresses go to You.com Contents at {0}, which fetches the pages:', host)}\n\n${fenced(urls.join('\n'), t)}`,
  };
}

/** Search results for a model: a numbered list of linked titles, age, description and snippets, at most `max` characters. */
export function searchOutput(query: string, results: readonly SearchResult[], max = TOOL_OUTPUT_LIMIT): string {
  if (results.length === 0) return `No web results for: ${escapeInline(query)}`;
  const entries = results.map((r, i) => {
    const lines = [`${i + 1}. [${escapeInline(r.title)}](${linkTarget(r.url) ?? ''})${r.age ? ` (${escapeInline(r.age)})` : ''}`];
    if (r.description) lines.push(`   ${escapeInline(r.description)}`);
    for (const snippet of r.snippets) lines.push(`   > ${escapeInline(snippet)}`);
    return lines.join('\n');
  });
  return fit(`Web results for: ${escapeInline(query)}\n\n`, entries, max, (kept, all) => `\n\n[${kept} of ${all} results shown.]`);
}

/** Pages for a model (and the untitled document): each page's title, URL and Markdown; cut pages say so. */
export function contentsOutput(pages: readonly PageContents[], t: Translate = english): string {
  return pages
    .map((page) => {
      const body = page.markdown.trim() || t('(No readable content was returned for this page.)');
      const address = `<${linkTarget(page.url) ?? escapeInline(page.url)}>\n\n`;
      // A page whose Markdown opens with its own heading keeps it; otherwise its title heads it.
      const head = body.startsWith('# ') ? address : `# ${escapeInline(page.title)}\n\n${address}`;
      return `${head}${body}${page.truncated ? `\n\n${t('[Page cut to {0} characters.]', String(page.markdown.length))}` : ''}`;
    })
    .join('\n\n---\n\n');
}

/** The head and as many whole entries as fit in `max`, then a note when some were left out. */
function fit(head: string, entries: readonly string[], max: number, note: (kept: number, all: number) => string): string {
  let out = head;
  for (let i = 0; i < entries.length; i++) {
    const next = `${i === 0 ? '' : '\n'}${entries[i]}`;
    const tail = note(i, entries.length);
    if (out.length + next.length + (i + 1 < entries.length ? tail.length : 0) > max) return `${out}${tail}`;
    out += next;
  }
  return out;
}
