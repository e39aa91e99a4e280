/**
 * The CLI's progress bar: cli-progress with a count and an ETA on a terminal; silent when stderr is not a
 * TTY (pipes, CI logs, tests) or with `--quiet`, so logs stay clean.
 */
import { Presets, SingleBar } from 'cli-progress';

/** A progress display for one task of known size. */
export interface Progress {
  /** Begins a task of `total` steps, e.g. start(12, 'rendering'). */
  start(total: number, label: string): void;
  /** Sets the number of finished steps; `item` names the step just finished. */
  update(done: number, item?: string): void;
  /** Ends the bar (leaves the final line on screen). */
  stop(): void;
}

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** No output at all (the `--quiet` flag). */
  quiet?: boolean;
  /** Where to draw (default process.stderr, so stdout holds only results). */
  stream?: NodeJS.WriteStream;
}

/**
 * Creates a progress bar, or a no-op when quiet or not on a terminal.
 * @example const p = createProgress({ quiet: opts.quiet }); p.start(12, 'rendering'); p.update(3, 'x.mid'); p.stop();
 */
export function createProgress(opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || !stream.isTTY) return { start() {}, update() {}, stop() {} };
  const bar = new SingleBar({
    format: '{label} [{bar}] {value}/{total} | ETA {eta_formatted} | {item}',
    stream, hideCursor: true, etaBuffer: 4,
  }, Presets.shades_classic);
  return {
    start: (total, label) => bar.start(total, 0, { label, item: '' }),
    update: (done, item = '') => bar.update(done, { item }),
    stop: () => bar.stop(),
  };
}
