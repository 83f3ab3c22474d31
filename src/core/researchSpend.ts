/**
 * What this window started today, as an estimate from the price table (the API reports no cost):
 * one entry per research call, by local day. Kept as plain data so the host can persist it.
 */
export interface DaySpend {
  /** Local day, YYYY-MM-DD. */
  day: string;
  runs: number;
  dollars: number;
}

export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Adds one call of `price` dollars; a new day starts from zero. */
export function addSpend(spend: DaySpend | undefined, price: number, at: Date): DaySpend {
  const day = localDay(at);
  const base = spend && spend.day === day ? spend : { day, runs: 0, dollars: 0 };
  // Whole tenths of a cent, so sums of 0.012 stay exact enough to show.
  return { day, runs: base.runs + 1, dollars: Math.round((base.dollars + price) * 1000) / 1000 };
}

/** Today's spend, or zero when the stored one is from another day or malformed. */
export function todaySpend(value: unknown, at: Date): DaySpend {
  const day = localDay(at);
  const v = value as Partial<DaySpend> | null | undefined;
  if (v && v.day === day && Number.isInteger(v.runs) && typeof v.dollars === 'number' && Number.isFinite(v.dollars) && v.runs! >= 0) {
    return { day, runs: v.runs!, dollars: v.dollars };
  }
  return { day, runs: 0, dollars: 0 };
}

/** A dollar amount as the price table writes it: $0.012, $0.05, $1.20. */
export function formatDollars(amount: number): string {
  const cents = amount * 100;
  if (Math.abs(cents - Math.round(cents)) > 1e-9) return `$${amount.toFixed(3)}`;
  return `$${amount.toFixed(2)}`;
}

/**
 * Passes a run's events on and calls `accepted` once, at its first `started` event: the moment
 * You.com has taken the question (a sync report arrived, a background task has its id), so every
 * billed call counts whatever asked it (a new question, Retry, Edit, Regenerate, `@you /research`),
 * and a call refused before that (402, 422, no connection) does not.
 */
export async function* countingAccepted<E extends { type: string }>(events: AsyncIterable<E>, accepted: () => void): AsyncGenerator<E> {
  let counted = false;
  for await (const event of events) {
    if (!counted && event.type === 'started') {
      counted = true;
      accepted();
    }
    yield event;
  }
}
