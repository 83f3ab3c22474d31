import assert from 'node:assert/strict';
import { test } from 'node:test';
import { singleFlight } from '../../src/core/singleFlight';

test('"Try the demo" clicked many times starts one server: every caller shares one start', async () => {
  let starts = 0;
  const startDemo = singleFlight(async () => {
    starts++;
    await new Promise((r) => setTimeout(r, 10));
    return `http://127.0.0.1:${40000 + starts}`;
  });
  const urls = await Promise.all([startDemo(), startDemo(), startDemo()]);
  assert.equal(starts, 1);
  assert.deepEqual(new Set(urls).size, 1);
  assert.equal(await startDemo(), urls[0], 'a later click reuses the running server');
  assert.equal(starts, 1);
});

test('a failed start is not kept: the next call tries again', async () => {
  let starts = 0;
  const start = singleFlight(async () => {
    starts++;
    if (starts === 1) throw new Error('port in use');
    return 'ok';
  });
  await assert.rejects(start(), /port in use/);
  assert.equal(await start(), 'ok');
  assert.equal(starts, 2);
});
