/**
 * Worker-thread entry for {@link renderMidiFiles}: renders the jobs it is sent, one at a time, and posts each
 * clip's samples back (transferred, not copied). Runs only inside a worker started by renderPool.ts.
 */
import { parentPort } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { renderMidi } from './renderMidi';
import type { RenderJob } from './renderPool';

parentPort?.on('message', async (job: RenderJob | null) => {
  if (job === null) { parentPort?.close(); return; }
  try {
    const clip = await renderMidi(readFileSync(job.midiPath), job.options);
    const y = clip.channels[0];
    parentPort?.postMessage({ id: job.id, sampleRate: clip.sampleRate, samples: y }, [y.buffer as ArrayBuffer]);
  } catch (err) {
    const e = err as Error;
    parentPort?.postMessage({ id: job.id, error: { name: e.name, message: e.message } });
  }
});
