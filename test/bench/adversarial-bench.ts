import { ADVERSARIAL_INPUTS, ADVERSARIAL_PARSERS, medianMs } from '../tools/adversarial';

const KIB = 1024;
/** Below this a time is mostly timer and scheduler noise, and its growth means nothing. */
const NOISE_MS = 5;
/**
 * Runs per size; each figure is their median, each run after a full collection (medianMs). The
 * fastest of 3 without collections moved k by up to ±0.4 between runs on a busy 2-core machine
 * (markdown 1.41, urls 1.70 on linear code); the median of 5 after GC keeps it within about ±0.15.
 */
const RUNS = 5;

/**
 * For each parser of remote text: its time on the worst hostile 1 MiB input
 * (`adversarial_worst_ms_1mb_<parser>`), and the growth exponent k from 256 KiB to 1 MiB
 * (time ∝ size^k; 1 is linear, 2 quadratic), the largest over the inputs that take at least
 * NOISE_MS at 1 MiB. The sanitiser is left out: in Node it runs on linkedom, whose own node
 * operations are not linear; the webview runs it on Chromium's DOM (see the render section).
 */
export async function adversarialFigures(progress: (line: string) => void): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const [parserName, parser] of Object.entries(ADVERSARIAL_PARSERS)) {
    if (parserName === 'sanitiser') continue;
    let worst = 0;
    let growth = 0;
    for (const [inputName, make] of Object.entries(ADVERSARIAL_INPUTS)) {
      const small = await medianMs(parser, make(256 * KIB), RUNS);
      const large = await medianMs(parser, make(1024 * KIB), RUNS);
      progress(`adversarial ${parserName} ${inputName}: ${small.toFixed(1)} ms at 256 KiB, ${large.toFixed(1)} ms at 1 MiB`);
      worst = Math.max(worst, large);
      if (large >= NOISE_MS) growth = Math.max(growth, Math.log(large / Math.max(small, 0.1)) / Math.log(4));
    }
    figures[`adversarial_worst_ms_1mb_${parserName}`] = Math.round(worst * 10) / 10;
    figures[`adversarial_growth_k_${parserName}`] = Math.round(growth * 100) / 100;
  }
  return figures;
}
