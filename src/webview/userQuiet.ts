/** What counts as the user at work in the page: typing (an IME's too), clicking, scrolling. */
const USER_EVENTS = ['keydown', 'pointerdown', 'wheel', 'compositionstart'] as const;

/**
 * Calls `done` once, when the user has done nothing in the page (no key, IME input, click or scroll) for
 * `quietMs`, counted from now and again from each thing they do. The chat's page says so to the
 * host, whose rest of the extension then loads at a moment nobody is waiting on (src/host/standIns.ts).
 */
export function afterUserQuiet(target: EventTarget, quietMs: number, done: () => void): void {
  const listening = new AbortController();
  const fire = () => {
    listening.abort();
    done();
  };
  let timer = setTimeout(fire, quietMs);
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(fire, quietMs);
  };
  for (const type of USER_EVENTS) target.addEventListener(type, restart, { capture: true, passive: true, signal: listening.signal });
}
