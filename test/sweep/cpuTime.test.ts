import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threadCpuSeconds } from '../../src/sweep/cpuTime';

test('threadCpuSeconds: the calling thread\'s CPU time agrees with the process\'s own count for a busy loop on this thread', { skip: process.platform !== 'linux' && 'no /proc here' }, () => {
  const t0 = threadCpuSeconds();
  const c0 = process.cpuUsage();
  // Busy until the PROCESS has used 0.3 CPU-s (not wall time: a loaded machine only slows this down).
  let x = 0;
  let used = 0;
  while (used < 0.3) {
    for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
    const c = process.cpuUsage(c0);
    used = (c.user + c.system) / 1e6;
  }
  const thread = threadCpuSeconds() - t0;
  assert.ok(x > 0);
  // The thread's time is part of the process's (10 ms ticks, hence the slack); the loop is nearly all of it.
  assert.ok(thread <= used + 0.02, `thread ${thread} s > process ${used} s`);
  assert.ok(thread >= 0.7 * used - 0.02, `thread ${thread} s is far below the process's ${used} s`);
});
