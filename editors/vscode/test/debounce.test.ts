import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';

import { Debouncer, Latest } from '../src/debounce';

describe('Debouncer', () => {
  it('runs only the last action, once the delay has passed without another', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const runs: number[] = [];
      const d = new Debouncer(300);
      d.schedule(() => runs.push(1));
      mock.timers.tick(200);
      d.schedule(() => runs.push(2));
      mock.timers.tick(299);
      assert.equal(runs.length, 0);
      assert.equal(d.pending, true);
      mock.timers.tick(1);
      assert.deepEqual(runs, [2]);
      assert.equal(d.pending, false);
      d.setDelay(0);
      d.schedule(() => runs.push(3));
      d.cancel();
      mock.timers.tick(1000);
      assert.deepEqual(runs, [2]);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('Latest', () => {
  it('keeps only the newest ticket current', () => {
    const latest = new Latest();
    const a = latest.next();
    const b = latest.next();
    assert.equal(latest.isCurrent(a), false);
    assert.equal(latest.isCurrent(b), true);
  });
});
