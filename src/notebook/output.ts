/**
 * Where display output goes. This is the only file that talks to tslab: inside a tslab kernel (or the
 * headless runner, which drives tslab's executor) a bundle becomes a Jupyter `display_data` message;
 * anywhere else (a script, a test, the CLI) it is recorded in memory so nothing breaks and tests can
 * inspect what a notebook would have shown.
 *
 * tslab is never imported at module load: it pulls in its own TypeScript compiler (~0.3 s) and the
 * zeromq addon, which a plain library user should not pay for.
 */

/**
 * A Jupyter MIME bundle: MIME type → payload. Text types are strings, binary types base64 strings,
 * JSON types (e.g. `application/vnd.vegalite.v5+json`) plain objects, exactly as in an `.ipynb` file.
 */
export type MimeBundle = Record<string, string | object>;

/** One output as recorded outside a kernel (or passed to a custom sink). */
export interface DisplayRecord {
  /** The MIME bundle. */
  data: MimeBundle;
  /** Set when the output belongs to an updatable display (see {@link newDisplayHandle}). */
  displayId?: string;
  /** True when this replaces the earlier output with the same `displayId` instead of adding one. */
  update: boolean;
}

/** A function that receives every display output; see {@link setDisplaySink}. */
export type DisplaySink = (record: DisplayRecord) => void;

/** Signature of tslab's process-wide `lastWriteDisplayData` (tslab 1.0.22, dist/jupyter.js). */
type TslabWriter = (
  msg: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

const recorded: DisplayRecord[] = [];
let customSink: DisplaySink | null = null;
let displayCounter = 0;

/** At most this many outputs are kept when recording outside a kernel, so a long script cannot leak. */
export const MAX_RECORDED_OUTPUTS = 1000;

/**
 * tslab's writer when running under tslab (kernel or headless runner), else null. tslab's executor sets
 * `globalThis.__tslab__` before running any cell; only then is `tslab/dist/jupyter` already loaded
 * and cheap to require.
 */
function tslabWriter(): TslabWriter | null {
  if ((globalThis as { __tslab__?: unknown }).__tslab__ === undefined) return null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: TslabWriter | null };
    return jupyter.lastWriteDisplayData ?? null;
  } catch {
    return null;
  }
}

/**
 * Sends one MIME bundle to the notebook (several MIME types in ONE output, which tslab's public
 * `display.raw(mime, data)` cannot do: it sends a single type per output).
 *
 * @param data - MIME type → payload; include `text/plain` as a fallback for plain consoles.
 * @param options.displayId - an id from {@link newDisplayHandle} to make the output updatable.
 * @param options.update - replace the output with that id instead of adding a new one.
 * @example
 * displayBundle({ 'text/html': '<b>hi</b>', 'text/plain': 'hi' });
 */
export function displayBundle(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): void {
  const record: DisplayRecord = { data, displayId: options.displayId, update: options.update ?? false };
  if (customSink) return customSink(record);
  const writer = tslabWriter();
  if (writer) {
    writer({ data, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} }, record.update);
    return;
  }
  recorded.push(record);
  if (recorded.length > MAX_RECORDED_OUTPUTS) recorded.splice(0, recorded.length - MAX_RECORDED_OUTPUTS);
}

/** An output that can be rewritten in place (progress bars, live training curves). */
export interface DisplayHandle {
  /** The Jupyter display_id (deterministic: `rbm-music-1`, `rbm-music-2`, …). */
  readonly id: string;
  /** Shows `data`: the first call adds the output, later calls replace it in place. */
  show(data: MimeBundle): void;
}

/**
 * Creates an updatable output (Jupyter `display_id`), the equivalent of tslab's `newDisplay()` but
 * carrying whole MIME bundles.
 *
 * @example
 * const out = newDisplayHandle();
 * out.show({ 'text/plain': '0 %' });
 * out.show({ 'text/plain': '100 %' }); // replaces the line above
 */
export function newDisplayHandle(): DisplayHandle {
  const id = `rbm-music-${++displayCounter}`;
  let shown = false;
  return {
    id,
    show(data: MimeBundle) {
      displayBundle(data, { displayId: id, update: shown });
      shown = true;
    },
  };
}

/**
 * Sends every later output to `sink` instead of tslab or the in-memory record (null restores the
 * default). Used by tests and by programs that want to collect figures.
 */
export function setDisplaySink(sink: DisplaySink | null): void {
  customSink = sink;
}

/**
 * Runs `fn` and returns the outputs it displayed (awaiting it if it returns a promise), without
 * sending them anywhere else. Handy in tests and to save figures from a script.
 *
 * @example
 * const outs = await captureDisplays(() => showMarkdown('# Title'));
 * outs[0].data['text/markdown']; // '# Title'
 */
export async function captureDisplays(fn: () => unknown): Promise<DisplayRecord[]> {
  const previous = customSink;
  const outputs: DisplayRecord[] = [];
  customSink = (r) => outputs.push(r);
  try {
    await fn();
  } finally {
    customSink = previous;
  }
  return outputs;
}

/** Returns and clears the outputs recorded outside a kernel (oldest first). */
export function takeRecordedOutputs(): DisplayRecord[] {
  return recorded.splice(0, recorded.length);
}
