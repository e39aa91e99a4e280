import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import { renderMidiFiles, OPENMSX_DIR } from '../../src/data';
import { AudioFormatError } from '../../src/errors';

const job = (file: string, offsetSeconds = 0) => ({ midiPath: path.join(OPENMSX_DIR, file), options: { seconds: 0.5, soundFont: 'TimGM6mb', offsetSeconds } });

test('renderMidiFiles: two worker threads give the same samples, in job order, as rendering in this thread', async () => {
  // Run from a folder outside the repo: workers must find tsx and their entry by absolute path (a real bug once).
  process.chdir(tmpdir());
  const jobs = [job('moo_redfarn.mid'), job('ultimate_run.mid'), job('harp_harmony.mid', 5)];
  const done: number[] = [];
  const parallel = await renderMidiFiles(jobs, 2, (i) => done.push(i));
  const serial = await renderMidiFiles(jobs, 1);
  assert.deepEqual(done.slice().sort(), [0, 1, 2]);
  for (let i = 0; i < jobs.length; i++) {
    assert.equal(parallel[i].channels[0].length, 8000);
    assert.deepEqual(parallel[i].channels[0], serial[i].channels[0]);
  }
});

test('renderMidiFiles: an error inside a worker comes back as the same typed error', async () => {
  await assert.rejects(renderMidiFiles([job('moo_redfarn.mid', 10_000), job('moo_redfarn.mid')], 2), (e: Error) =>
    e instanceof AudioFormatError && /moo_redfarn\.mid/.test(e.message) && /past the end/.test(e.message));
});
