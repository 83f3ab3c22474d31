import { ADVERSARIAL_INPUTS, ADVERSARIAL_PARSERS, growth } from '../tools/adversarial';

const KIB = 1024;
/** Below this a time is mostly timer and scheduler noise, and its growth means nothing. */
const NOISE_MS = 5;
/** Pairs of samples per parser and shape; k is the median of the pairs' exponents (see growth()). */
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
    let k = 0;
    for (const [inputName, make] of Object.entries(ADVERSARIAL_INPUTS)) {
      const measured = await growth(parser, make(256 * KIB), make(1024 * KIB), RUNS);
      const { smallMs, largeMs } = measured;
      progress(`adversarial ${parserName} ${inputName}: ${smallMs.toFixed(1)} ms at 256 KiB, ${largeMs.toFixed(1)} ms at 1 MiB, k ${measured.k.toFixed(2)}`);
      worst = Math.max(worst, measured.largeMs);
      if (measured.largeMs >= NOISE_MS) k = Math.max(k, measured.k);
    }
    figures[`adversarial_worst_ms_1mb_${parserName}`] = Math.round(worst * 10) / 10;
    figures[`adversarial_growth_k_${parserName}`] = Math.round(k * 100) / 100;
  }
  return figures;
}
