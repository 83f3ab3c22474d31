/**
 * RunEvents as native chat output: Chat view response parts (through a sink the host fills with
 * `ChatResponseStream` calls) and a language model's text stream. No `vscode` import: unit-tested
 * in plain Node with fakes; the host passes vscode.l10n.t as `t` (the default leaves English as is).
 */
import type { AgentError } from '../../../core/errors';
import { mergeCitations, type Citation, type RunEvent } from '../../../core/events';
import { escapeInline, sourceLine, textOf } from '../../../core/exportMarkdown';
import { isHttpUrl } from '../../../core/url';
import { untranslated as english, type Translate } from '../../../core/translate';

/** Starts the sources list appended to answers (the LM API has no reference channel), in the display language. */
export function sourcesHeading(t: Translate = english): string {
  return `\n\n---\n**${escapeInline(t('Sources'))}**\n`;
}

/** What a Chat view response can show; the host maps each call to `ChatResponseStream`. */
export interface ChatSink {
  markdown(text: string): void;
  progress(message: string): void;
  /** A source for the response's references list, the moment it is known. */
  reference(url: string, title: string): void;
}

export interface ChatOutcome {
  text: string;
  citations: Citation[];
  /** Set when the run failed (after `text`, which was already shown). */
  error?: AgentError;
  /** Set when the agent paused for input (ACP). */
  awaitPrompt?: string;
  done: boolean;
}

/**
 * Streams a run into a chat response: text as it arrives, work steps as progress, each new http(s)
 * source as a reference the moment it is known, and the numbered sources list at the end.
 */
export async function streamRunToChat(events: AsyncIterable<RunEvent>, sink: ChatSink, t: Translate = english): Promise<ChatOutcome> {
  const outcome: ChatOutcome = { text: '', citations: [], done: false };
  for await (const event of events) {
    switch (event.type) {
      case 'text':
        outcome.text += event.delta;
        sink.markdown(event.delta);
        break;
      case 'citations': {
        const merged = mergeCitations(outcome.citations, event.citations);
        for (const citation of merged.slice(outcome.citations.length)) if (isHttpUrl(citation.url)) sink.reference(citation.url, citation.title);
        outcome.citations = merged;
        break;
      }
      case 'progress':
        if (event.kind !== 'debug') sink.progress(event.message);
        break;
      case 'await':
        outcome.awaitPrompt = event.prompt;
        sink.markdown(`\n\n> ${event.prompt.replace(/\n/g, '\n> ')}\n`);
        break;
      case 'done':
        outcome.done = true;
        break;
      case 'error':
        outcome.error = event.error;
        break;
      case 'started':
      case 'background':
        break;
    }
  }
  // Titled Markdown links: `ChatResponseStream.anchor(uri, title)` was tried, and code-server
  // 4.139 shows the URL's last path segment there instead of the title.
  const sources = sourcesMarkdown(outcome.citations, t);
  if (sources) sink.markdown(sources);
  return outcome;
}

/** A run as a language model's text: deltas as they come, then the sources list; a failed run throws its error after what was streamed. */
export async function* runToLmText(events: AsyncIterable<RunEvent>, t: Translate = english): AsyncGenerator<string> {
  let citations: Citation[] = [];
  for await (const event of events) {
    if (event.type === 'text') yield event.delta;
    else if (event.type === 'citations') citations = mergeCitations(citations, event.citations);
    else if (event.type === 'await') yield `\n\n${event.prompt}`;
    else if (event.type === 'error') throw event.error;
  }
  const sources = sourcesMarkdown(citations, t);
  if (sources) yield sources;
}

/** "Sources" and a numbered Markdown list of the http(s) sources, numbered as the answer cites them; '' without sources. */
export function sourcesMarkdown(citations: readonly Citation[], t: Translate = english): string {
  const items = citations.filter((c) => isHttpUrl(textOf(c.url))).map((c) => sourceLine(c, textOf(c.host)));
  return items.length > 0 ? `${sourcesHeading(t)}\n${items.join('\n')}\n` : '';
}

export const TOOL_OUTPUT_LIMIT = 20_000;

/** The tool's output: the answer then its sources, at most `max` characters; a cut answer says so (the sources are kept). */
export function toolOutput(text: string, citations: readonly Citation[], max = TOOL_OUTPUT_LIMIT, t: Translate = english): string {
  const sources = sourcesMarkdown(citations, t).slice(0, Math.floor(max / 2));
  const body = text.trim() || '(The agent returned no text.)';
  const budget = max - sources.length;
  if (body.length <= budget) return `${body}${sources}`;
  const note = `\n\n[Answer cut to ${budget} of ${body.length} characters.]`;
  return `${body.slice(0, Math.max(0, budget - note.length))}${note}${sources}`;
}
