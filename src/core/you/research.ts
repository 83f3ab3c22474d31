/**
 * You.com Research, the pure parts: efforts and their prices, which efforts run in the background,
 * source control and its combination rules, and the request body (docs/protocols.md, "Research").
 * No I/O here; the client is ./researchClient.ts.
 */

export const RESEARCH_EFFORTS = ['lite', 'standard', 'deep', 'exhaustive', 'frontier'] as const;
export type ResearchEffort = (typeof RESEARCH_EFFORTS)[number];

/** The API's default when `research_effort` is absent. */
export const DEFAULT_RESEARCH_EFFORT: ResearchEffort = 'standard';

export function isResearchEffort(value: unknown): value is ResearchEffort {
  return typeof value === 'string' && (RESEARCH_EFFORTS as readonly string[]).includes(value);
}

export interface ResearchPrice {
  /** US dollars per call. */
  usdPerCall: number;
  /** US dollars per 1,000 calls, as the price sheet lists it. */
  usdPer1000: number;
  /** The guide's latency figure (the billing page differs for lite: < 2 s). */
  latency: string;
}

/** The price sheet (You.com's Research guide, frontier from the 2026-07-20 changelog); all pages agree on prices. */
export const RESEARCH_PRICES: Readonly<Record<ResearchEffort, ResearchPrice>> = {
  lite: { usdPerCall: 0.012, usdPer1000: 12, latency: '< 10 s' },
  standard: { usdPerCall: 0.05, usdPer1000: 50, latency: '10–30 s' },
  deep: { usdPerCall: 0.1, usdPer1000: 100, latency: '< 120 s' },
  exhaustive: { usdPerCall: 0.45, usdPer1000: 450, latency: '< 300 s' },
  frontier: { usdPerCall: 1.2, usdPer1000: 1200, latency: '30 s – 3.3 h (median 5 min)' },
};

/** US dollars one call at `effort` costs. No response carries a cost, so this table is the only source. */
export function researchPrice(effort: ResearchEffort): number {
  return RESEARCH_PRICES[effort].usdPerCall;
}

/** Efforts that ask once before running (the two most expensive). */
export const CONFIRMED_EFFORTS: readonly ResearchEffort[] = ['exhaustive', 'frontier'];

/**
 * Efforts submitted with `background: true` unless the user says otherwise. The changelog names
 * these three as the ones background works with; the SDK's tests also submit `lite`, so any effort
 * may be sent to the background on request.
 */
export const BACKGROUND_EFFORTS: readonly ResearchEffort[] = ['deep', 'exhaustive', 'frontier'];

/** Whether a run at `effort` goes to the background: frontier always (a sync frontier call is a 422), else the user's choice or the default. */
export function runsInBackground(effort: ResearchEffort, userChoice?: boolean): boolean {
  if (effort === 'frontier') return true;
  return userChoice ?? BACKGROUND_EFFORTS.includes(effort);
}

export const FRESHNESS_WORDS = ['day', 'week', 'month', 'year'] as const;

/** `source_control` (Beta): every field optional. */
export interface SourceControl {
  includeDomains?: string[];
  excludeDomains?: string[];
  boostDomains?: string[];
  /** day, week, month, year, or `YYYY-MM-DDtoYYYY-MM-DD`. */
  freshness?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
}

export type DomainField = 'includeDomains' | 'excludeDomains' | 'boostDomains';

/** Why source control or a question cannot be sent; worded in src/core/errorText.ts (researchProblemText). */
export type ResearchProblem =
  | { code: 'empty-question' }
  | { code: 'question-too-long'; length: number; max: number }
  | { code: 'domains-combined'; with: 'excludeDomains' | 'boostDomains' }
  | { code: 'too-many-domains'; field: DomainField; count: number; max: number }
  | { code: 'bad-domain'; field: DomainField; value: string }
  | { code: 'bad-freshness'; value: string }
  | { code: 'bad-country'; value: string }
  | { code: 'not-a-list'; field: DomainField };

export const MAX_QUESTION_CHARS = 40_000;
export const MAX_DOMAINS = 500;
const DOMAIN_FIELDS: readonly DomainField[] = ['includeDomains', 'excludeDomains', 'boostDomains'];

/** A host name as the docs' examples write domains: labels of letters, digits and hyphens, no scheme or path. */
export function isDomain(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  return value.split('.').every((label) => label.length > 0 && label.length <= 63 && /^[A-Za-z0-9-]+$/.test(label) && !label.startsWith('-') && !label.endsWith('-'));
}

/** `day`…`year`, or two real dates `YYYY-MM-DDtoYYYY-MM-DD` with the first not after the second. */
export function isFreshness(value: string): boolean {
  if ((FRESHNESS_WORDS as readonly string[]).includes(value)) return true;
  const match = /^(\d{4}-\d{2}-\d{2})to(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (!match) return false;
  const [from, to] = [match[1]!, match[2]!];
  return isRealDate(from) && isRealDate(to) && from <= to;
}

function isRealDate(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

export interface CheckedSourceControl {
  /** What may be sent: valid fields only, trimmed, country upper-cased; undefined when nothing is set. */
  sourceControl?: SourceControl;
  /** Every problem; a field with a problem is left out of `sourceControl`. */
  problems: ResearchProblem[];
}

/**
 * Checks source control as it comes from settings (any JSON) against the documented rules:
 * `includeDomains` goes with neither `excludeDomains` nor `boostDomains` (exclude with boost is
 * fine), at most 500 domains a list, freshness and country in their formats. Pure.
 */
export function checkSourceControl(raw: unknown): CheckedSourceControl {
  const problems: ResearchProblem[] = [];
  if (typeof raw !== 'object' || raw === null) return { problems };
  const input = raw as Record<string, unknown>;
  const out: SourceControl = {};
  for (const field of DOMAIN_FIELDS) {
    const list = domainList(input[field], field, problems);
    if (list && list.length > 0) out[field] = list;
  }
  if (out.includeDomains && out.excludeDomains) problems.push({ code: 'domains-combined', with: 'excludeDomains' });
  if (out.includeDomains && out.boostDomains) problems.push({ code: 'domains-combined', with: 'boostDomains' });
  if (out.includeDomains && (out.excludeDomains || out.boostDomains)) {
    // Which list the user meant cannot be guessed: none of the conflicting ones is sent.
    delete out.includeDomains;
    delete out.excludeDomains;
    delete out.boostDomains;
  }
  const freshness = typeof input.freshness === 'string' ? input.freshness.trim() : '';
  if (freshness) {
    if (isFreshness(freshness)) out.freshness = freshness;
    else problems.push({ code: 'bad-freshness', value: clip(freshness) });
  }
  const country = typeof input.country === 'string' ? input.country.trim() : '';
  if (country) {
    if (/^[A-Za-z]{2}$/.test(country)) out.country = country.toUpperCase();
    else problems.push({ code: 'bad-country', value: clip(country) });
  }
  return { ...(Object.keys(out).length > 0 ? { sourceControl: out } : {}), problems };
}

function domainList(value: unknown, field: DomainField, problems: ResearchProblem[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.push({ code: 'not-a-list', field });
    return undefined;
  }
  if (value.length > MAX_DOMAINS) {
    problems.push({ code: 'too-many-domains', field, count: value.length, max: MAX_DOMAINS });
    return undefined;
  }
  const domains: string[] = [];
  for (const item of value) {
    const domain = typeof item === 'string' ? item.trim().toLowerCase() : '';
    if (isDomain(domain)) domains.push(domain);
    else problems.push({ code: 'bad-domain', field, value: clip(typeof item === 'string' ? item : JSON.stringify(item) ?? String(item)) });
  }
  return domains;
}

/** The problems of a question itself (empty, longer than the API takes). */
export function checkQuestion(question: string): ResearchProblem[] {
  if (!question.trim()) return [{ code: 'empty-question' }];
  if (question.length > MAX_QUESTION_CHARS) return [{ code: 'question-too-long', length: question.length, max: MAX_QUESTION_CHARS }];
  return [];
}

export interface ResearchQuestion {
  question: string;
  effort: ResearchEffort;
  sourceControl?: SourceControl;
  /** Undefined: runsInBackground's default for the effort. */
  background?: boolean;
}

/** The wire body of `POST /v1/research`. */
export interface ResearchRequestBody {
  input: string;
  research_effort: ResearchEffort;
  background?: true;
  source_control?: {
    include_domains?: string[];
    exclude_domains?: string[];
    boost_domains?: string[];
    freshness?: string;
    country?: string;
  };
}

/** The request body for `question` (already checked); `background` only when true, as the docs' examples send it. */
export function buildResearchRequest(question: ResearchQuestion): ResearchRequestBody {
  const body: ResearchRequestBody = { input: question.question, research_effort: question.effort };
  if (runsInBackground(question.effort, question.background)) body.background = true;
  const sc = question.sourceControl;
  if (sc) {
    const wire: NonNullable<ResearchRequestBody['source_control']> = {};
    if (sc.includeDomains?.length) wire.include_domains = sc.includeDomains;
    if (sc.excludeDomains?.length) wire.exclude_domains = sc.excludeDomains;
    if (sc.boostDomains?.length) wire.boost_domains = sc.boostDomains;
    if (sc.freshness) wire.freshness = sc.freshness;
    if (sc.country) wire.country = sc.country;
    if (Object.keys(wire).length > 0) body.source_control = wire;
  }
  return body;
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
