import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import fc from 'fast-check';
import { afterUserQuiet } from '../../src/webview/userQuiet';

/** The chat page's `idle`: said once the user has done nothing in it for a while (src/webview/userQuiet.ts). */
describe('afterUserQuiet', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('fires once, quietMs after the last key, click or scroll, and never before', () => {
    fc.assert(
      fc.property(
        // Gaps between the user's events (ms), and which event each is.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2_500 }), fc.constantFrom('keydown', 'pointerdown', 'wheel', 'compositionstart')), { maxLength: 30 }),
        (events) => {
          mock.timers.reset();
          mock.timers.enable({ apis: ['setTimeout'] });
          const target = new EventTarget();
          let fired = 0;
          let firedAt = -1;
          let now = 0;
          afterUserQuiet(target, 1_000, () => {
            fired++;
            firedAt = now;
          });
          // Time goes on in steps of at most 50 ms, so a firing is known to within a step.
          const advance = (ms: number) => {
            for (let left = ms; left > 0; left -= 50) {
              now += Math.min(50, left);
              mock.timers.tick(Math.min(50, left));
            }
          };
          let lastActivity = 0;
          for (const [gap, type] of events) {
            advance(gap);
            if (fired === 0) lastActivity = now;
            target.dispatchEvent(new Event(type));
          }
          advance(5_000);
          assert.equal(fired, 1, 'fired exactly once');
          // It fires in the step that reaches a second after the last event before it.
          assert.ok(firedAt >= lastActivity + 1_000 && firedAt < lastActivity + 1_050, `fired at ${firedAt}, last activity ${lastActivity}`);
        },
      ),
      { seed: 20261204, numRuns: 200 },
    );
  });

  test('other events (a focus, a mouse move) do not hold it back', () => {
    const target = new EventTarget();
    let fired = 0;
    afterUserQuiet(target, 1_000, () => fired++);
    mock.timers.tick(600);
    target.dispatchEvent(new Event('focus'));
    target.dispatchEvent(new Event('pointermove'));
    mock.timers.tick(400);
    assert.equal(fired, 1);
  });
});
