import { AgentError, toAgentError } from '../errors';
import { statusEvent, type Citation, type RunEvent } from '../events';
import { hostOf, isHttpUrl } from '../url';
import { abortableSleep } from '../net/http';
import { markdownDestination } from './researchCitations';
import { callJson, list, record, rateLimitWait, str, type YouApiAccess } from './jsonCall';
import { cut } from './search';

/** The Answer API refuses longer queries (422): checked here, so the user reads why at once. */
export const MAX_ANSWER_QUERY = 400;
/** One cited answer with its excerpts: 4 MiB is far above any real one. */
export const ANSWER_BODY_BYTES = 4 * 1024 * 1024;
const MAX_EXCERPTS = 3;
const MAX_EXCERPT = 600;

export function answerRequest(question: string): { query: string } {
  const query = question.trim();
  if (!query) throw new AgentError('config', { code: 'empty-question' }, { action: { kind: 'none' } });
  if (query.length > MAX_ANSWER_QUERY) {
    const reason = { code: 'invalid-input' as const, field: 'query', value: `${query.length} characters`, allowed: `at most ${MAX_ANSWER_QUERY} characters` };
    throw new AgentError('config', reason, { action: { kind: 'none' } });
  }
  return { query };
}

export interface CitedAnswer {
  markdown: string;
  citations: Citation[];
}

/**
 * The answer and its sources from a `/v1/answer` body: `citations[]` (`source` URL and
 * `excerpts`) numbered in order, titles from `results.web[]` where the same URL is listed (else
 * the host), the excerpts joined as the source's snippet. Numbered markers in the answer
 * (`[1]`, `[[1]]`, `[[1, 2]]`) become links to their sources; a number with no source stays text.
 */
export function citedAnswer(body: unknown): CitedAnswer {
  const root = record(body);
  const titles = new Map<string, string>();
  for (const item of list(record(root.results).web)) {
    const entry = record(item);
    const url = str(entry.url);
    if (url && !titles.has(url)) titles.set(url, str(entry.title));
  }
  const citations: Citation[] = [];
  /** Citation number in the answer → its URL (only http(s) sources get a number that links). */
  const byNumber = new Map<number, string>();
  list(root.citations).forEach((item, position) => {
    const entry = record(item);
    const url = str(entry.source) || str(entry.url);
    if (!isHttpUrl(url)) return;
    // In `<…>`, as Research's markers: parentheses in the URL cannot end the link early.
    byNumber.set(position + 1, markdownDestination(url));
    if (citations.some((c) => c.url === url)) return;
    const excerpts = list(entry.excerpts)
      .filter((e): e is string => typeof e === 'string' && e.trim() !== '')
      .slice(0, MAX_EXCERPTS)
      .map((e) => cut(e, MAX_EXCERPT));
    const host = hostOf(url);
    const title = cut(titles.get(url) ?? '', 300) || host;
    citations.push({ index: position + 1, url, title, snippet: excerpts.join(' … '), host, ...(excerpts.length > 0 ? { snippets: excerpts } : {}) });
  });
  return { markdown: linkMarkers(str(root.answer), byNumber), citations };
}

/**
 * `[1]`, `[[1]]` and `[[1, 2]]` (not already a link) as `[[1]](url)` links, each number on its
 * own; one pass, no backtracking (the patterns are anchored on `[` and bounded in digits).
 */
export function linkMarkers(markdown: string, byNumber: ReadonlyMap<number, string>): string {
  return markdown.replace(/\[\[?(\d{1,3}(?:\s*,\s*\d{1,3}){0,20})\]\]?(?![\](])/g, (marker, numbers: string) => {
    const parts = numbers.split(',').map((n) => Number(n.trim()));
    if (!parts.every((n) => byNumber.has(n))) return marker;
    return parts.map((n) => `[[${n}]](${byNumber.get(n)!})`).join('');
  });
}

/**
 * The Answer API as a run: not streamed, so a status says it is waiting until the whole cited
 * answer arrives, then its text and sources at once. Never throws: a failure is one `error` event.
 */
export async function* answerRun(access: YouApiAccess, question: string): AsyncGenerator<RunEvent> {
  try {
    const request = answerRequest(question);
    yield { type: 'started' };
    yield statusEvent('answer-waiting');
    let body: unknown;
    for (let attempt = 0; body === undefined; attempt++) {
      try {
        body = await callJson('answer', { body: request, service: 'You.com Answer', maxBytes: ANSWER_BODY_BYTES }, access);
      } catch (err) {
        // A 429 did not run the question: it is asked again once, after the wait the server names.
        const seconds = rateLimitWait(err, attempt);
        if (seconds === undefined) throw err;
        yield statusEvent('rate-limited', seconds);
        await (access.net?.sleep ?? abortableSleep)(seconds * 1000, access.signal);
        yield statusEvent('answer-waiting');
      }
    }
    const answer = citedAnswer(body);
    if (!answer.markdown.trim()) {
      throw new AgentError('protocol', { code: 'protocol', service: 'You.com Answer', problem: 'no-output' }, { action: { kind: 'retry' } });
    }
    if (answer.citations.length > 0) yield { type: 'citations', citations: answer.citations };
    yield { type: 'text', delta: answer.markdown };
    yield { type: 'done' };
  } catch (err) {
    yield { type: 'error', error: toAgentError(err).redacted([access.apiKey]), partialText: '' };
  }
}
