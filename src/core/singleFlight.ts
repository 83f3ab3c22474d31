/**
 * Wraps `start` so that it runs at most once at a time and once in all after it succeeds: every
 * caller shares the one promise. A failure is not kept, so a later call may try again.
 */
export function singleFlight<T>(start: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= start().catch((err: unknown) => {
      running = undefined;
      throw err;
    });
    return running;
  };
}
