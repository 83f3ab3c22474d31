import { readAgentCard } from '../../src/core/a2a/card';
import { A2aEventMapper } from '../../src/core/a2a/events';
import { AcpEventMapper } from '../../src/core/acp/events';
import { httpError } from '../../src/core/errors';
import type { RunEvent } from '../../src/core/events';
import { HistorySearch } from '../../src/core/historySearch';
import { parseRemoteJson } from '../../src/core/json';
import { redact } from '../../src/core/redact';
import { decodeSse } from '../../src/core/sse';
import { displayUrl, endpointProblem, isHttpUrl } from '../../src/core/url';
import { toCitations, YouEventMapper } from '../../src/core/you/events';
import { renderSplit, tidyOpenMarkers } from '../../src/webview/markdown';
import { createMarkdown } from '../../src/webview/markdownRenderer';
import { cleanFragment } from '../../src/webview/sanitize';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { installNodeDom } from './nodeDom';
import { linkCitationMarkers, researchCitations } from '../../src/core/you/researchCitations';

/**
 * Hostile inputs for every parser of remote text, and the parsers wrapped to take them. Shared by
 * the unit test (growth ratios) and `npm run bench --only=adversarial` (times at 1 MiB).
 */

/** Each makes about `n` characters of one shape that breaks backtracking or nested scanning. */
export const ADVERSARIAL_INPUTS: Record<string, (n: number) => string> = {
  lt: (n) => '<'.repeat(n),
  bracket: (n) => '['.repeat(n),
  starA: (n) => '*a'.repeat(n / 2),
  backtick: (n) => '`'.repeat(n),
  linkOpen: (n) => '[a]('.repeat(n / 4),
  nesting: (n) => '> '.repeat(n / 4) + '[('.repeat(n / 8) + '{"a":['.repeat(n / 48),
  giantLine: (n) => 'a-b.c'.repeat(n / 5),
  giantParagraph: (n) => 'word *emph [link](x) `code`\n'.repeat(n / 28),
  escapes: (n) => '%4&#x\\u00'.repeat(n / 10),
  tagSoup: (n) => '<title><h1><script><a href="'.repeat(n / 28),
  // A pattern anchored at a line end (`x.*$`) is retried from every candidate of a line that is not the last.
  questionLine: (n) => `${'?'.repeat(n - 2)}\nx`,
};

const KEY = 'FAKE-not-a-key/adversarial+0123456789';
const md = createMarkdown();

/** Feeds `text` to the SSE decoder in 64 KiB chunks. */
async function sse(text: string): Promise<number> {
  const bytes = new TextEncoder().encode(`data: ${text}\n\ndata: ${text.slice(0, 1000)}\n${text}\n\n`);
  async function* chunks(): AsyncIterable<Uint8Array> {
    for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
  }
  let count = 0;
  for await (const batch of decodeSse(chunks())) count += batch.length;
  return count;
}

function youEvents(text: string): number {
  const out: RunEvent[] = [];
  const mapper = new YouEventMapper();
  mapper.map({ data: text, event: 'x', id: undefined }, out);
  const delta = { type: 'response.output_text.delta', response: { type: 'message.answer', delta: text } };
  mapper.map({ data: JSON.stringify(delta), event: undefined, id: undefined }, out);
  return out.length + toCitations([{ url: `https://e.com/${text}`, title: text, snippet: text }, { url: text }]).length;
}

function acpEvents(text: string): number {
  const out: RunEvent[] = [];
  const mapper = new AcpEventMapper('srv');
  mapper.map({ data: text, event: undefined, id: undefined }, out);
  const part = { content: text, metadata: { kind: 'citation', url: `https://e.com/${text}`, title: text } };
  mapper.map({ data: JSON.stringify({ type: 'message.part', part }), event: undefined, id: undefined }, out);
  return out.length;
}

/** An A2A stream's events carrying the text everywhere a server can put text, as the client reads them (JSON first). */
function a2aEvents(text: string): number {
  const out: RunEvent[] = [];
  const mapper = new A2aEventMapper('srv');
  try {
    mapper.map(parseRemoteJson(text), out);
  } catch {
    // Not JSON: the client logs it and goes on.
  }
  const parts = [{ text }, { url: `https://e.com/${text}`, filename: text, mediaType: text }, { data: { text } }, { raw: text, filename: text }];
  const events = [
    { task: { id: 't1', contextId: 'c1', status: { state: 'TASK_STATE_WORKING', message: { parts: [{ text }] } } } },
    { artifactUpdate: { taskId: 't1', artifact: { artifactId: 'a', parts }, append: false } },
    { artifactUpdate: { taskId: 't1', artifact: { artifactId: 'a', parts: [{ text }] }, append: false } },
    { result: { kind: 'status-update', taskId: 't1', status: { state: 'completed' } } },
  ];
  for (const event of events) mapper.map(parseRemoteJson(JSON.stringify(event)), out);
  return out.length;
}

function a2aCard(text: string): number {
  const card = { name: text, description: text, url: `https://e.com/${text}`, skills: [{ id: text, name: text, description: text }] };
  const read = readAgentCard(parseRemoteJson(JSON.stringify(card)), `https://e.com/${text}`);
  return typeof read === 'string' ? read.length : read.skills.length;
}

/**
 * A Research report's `[[n]]` markers linked to its sources, on the text as it comes and with
 * markers and near-markers mixed in. Mixing them in is set-up, not timed: V8's replaceAll over a
 * megabyte with a match every few characters grows faster than the text (9-11 ms at 256 KiB,
 * 121-213 ms at 1 MiB), which put the harness's own cost into the parser's growth figure.
 */
function researchReport(text: string): () => number {
  const marked = text.replaceAll('a', '[[1, 2]]').replaceAll('b', '[[1,').replaceAll('[(', '[[9]]');
  return () => {
    const citations = researchCitations([{ url: `https://e.com/${text.slice(0, 100)}`, title: text, snippets: [text] }, { url: 'https://f.com/' }]);
    return linkCitationMarkers(text, citations).length + linkCitationMarkers(marked, citations).length;
  };
}

function urls(text: string): number {
  return displayUrl(`https://e.com/${text}`).length + displayUrl(text).length + (isHttpUrl(text) ? 1 : 0) + (endpointProblem(text) ?? '').length;
}

function markdown(text: string): number {
  return renderSplit(md, text, false).tailHtml.length + tidyOpenMarkers(text).length;
}

/**
 * The sanitiser's own pass over markdown-it's output (what the webview sanitises). Parsing the
 * HTML is the browser's job and is left out of the timing: the Node DOM used here (linkedom)
 * parses large texts more slowly than linearly, Chromium does not.
 */
function sanitiser(text: string): () => number {
  installNodeDom();
  const template = document.createElement('template');
  template.innerHTML = md.render(text);
  const fragment = template.content;
  return () => cleanFragment(fragment).childNodes.length;
}

async function historySearch(text: string): Promise<number> {
  const entry = { id: 'c1', title: text.slice(0, 100), createdAt: 1, updatedAt: 1, turns: 1, bytes: text.length };
  const turn = { id: 't1', question: text, answer: text, citations: [], createdAt: 1, agent: { id: 'express', label: 'Express' } };
  const conversation = { id: 'c1', title: entry.title, createdAt: 1, updatedAt: 1, turns: [turn] };
  const search = new HistorySearch({ list: async () => ({ conversations: [entry] }), load: async () => conversation as never });
  return (await search.search(`${text.slice(0, 40)} a b`)).length;
}

/** Wraps a parser that needs no setup outside its timing. */
const timed =
  (parse: (text: string) => unknown) =>
  (text: string): (() => unknown) =>
  () =>
    parse(text);

/**
 * Every parser of remote text: given one hostile string, does any setup that is not the
 * parser's work and returns the work to time.
 */
export const ADVERSARIAL_PARSERS: Record<string, (text: string) => () => unknown> = {
  // As a page (so the HTML summariser reads it) and as it comes.
  errorSummary: timed((text) => httpError(502, `<!DOCTYPE html>${text}`, undefined, { secrets: [KEY] }).message + httpError(500, text, undefined).message),
  redact: timed((text) => redact(text, [KEY, 'second-secret-value'])),
  sse: timed(sse),
  youEvents: timed(youEvents),
  acpEvents: timed(acpEvents),
  a2aEvents: timed(a2aEvents),
  a2aCard: timed(a2aCard),
  urls: timed(urls),
  researchReport,
  markdown: timed(markdown),
  sanitiser,
  historySearch: timed(historySearch),
};

/** The fastest of `runs` runs of `parser` on `input`, in ms (the fastest is the least disturbed by load). */
export async function fastestMs(parser: (text: string) => () => unknown, input: string, runs: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const work = parser(input);
    const start = performance.now();
    await work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** Node's collector, reachable without --expose-gc (the flag set at run time, read from a fresh context). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A timed sample shorter than this is mostly timer and scheduler noise: short work is repeated to fill it. */
const SAMPLE_MS = 20;

/** The process's CPU time so far, in ms: unlike wall time it does not count time other processes held the cores. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * One sample of `work` per run, wall and CPU ms, after a full garbage collection (a collection
 * left over from earlier work is not billed to this one); work shorter than SAMPLE_MS is repeated
 * within the sample, as such times are mostly timer noise.
 */
async function sampleMs(work: () => unknown, repeats: number, gc: () => void): Promise<{ wall: number; cpu: number }> {
  gc();
  const wall = performance.now();
  const cpu = cpuMs();
  for (let r = 0; r < repeats; r++) await work();
  return { wall: (performance.now() - wall) / repeats, cpu: (cpuMs() - cpu) / repeats };
}

async function repeatsFor(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return Math.min(100, Math.ceil(SAMPLE_MS / Math.max(performance.now() - start, 0.05)));
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface Growth {
  smallMs: number;
  largeMs: number;
  /** Time ∝ size^k: 1 is linear, 2 quadratic. */
  k: number;
}

/**
 * How `parser`'s time grows from `small` to `large` (same shape, larger size): `runs` pairs of
 * samples, small then large back to back so both see the same conditions, and the median of the
 * pairs' exponents, computed from the process's CPU time, so the figure reports the algorithm, not
 * the load: at load average 10-14 on the shared 2-core machine, wall-time exponents of linear code
 * still moved by +-0.8. The times reported are wall-time medians.
 */
export async function growth(parser: (text: string) => () => unknown, small: string, large: string, runs: number): Promise<Growth> {
  const gc = collector();
  const smallWork = parser(small);
  const largeWork = parser(large);
  const smallRepeats = await repeatsFor(smallWork);
  const largeRepeats = await repeatsFor(largeWork);
  const smalls: number[] = [];
  const larges: number[] = [];
  const ks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = await sampleMs(smallWork, smallRepeats, gc);
    const l = await sampleMs(largeWork, largeRepeats, gc);
    smalls.push(s.wall);
    larges.push(l.wall);
    ks.push(Math.log(Math.max(l.cpu, 0.001) / Math.max(s.cpu, 0.001)) / Math.log(large.length / small.length));
  }
  return { smallMs: median(smalls), largeMs: median(larges), k: median(ks) };
}
