/**
 * Executes one notebook top to bottom in this Node process through tslab's executor, collecting
 * outputs exactly as Jupyter would store them (streams merged, display updates applied in place),
 * and stops at the first failing cell with tslab's real error text.
 */
import { format } from 'util';
import { createTslabExecutor, loadTslab, type TslabDisplayMessage } from './tslabInternals';
import { joinSource, splitLines, type Notebook, type NotebookCell, type NotebookOutput } from './nbformat';

/** Where and why a notebook stopped. */
export interface CellFailure {
  /** 0-based index among all cells. */
  cellIndex: number;
  /** 1-based number among code cells (what Jupyter's `In [n]` would show). */
  codeCellNumber: number;
  /** The error as tslab printed it (type errors, thrown errors with stack, rejected awaits). */
  message: string;
}

/** The result of {@link executeNotebook}. */
export interface ExecutionResult {
  /** A copy of the notebook with outputs and execution counts filled in. */
  notebook: Notebook;
  /** Undefined when every cell ran. */
  failure?: CellFailure;
  /** Wall-clock seconds per cell (markdown cells 0), and in total. */
  cellSeconds: number[];
  seconds: number;
}

/** Progress callbacks of {@link executeNotebook}. */
export interface ExecuteHooks {
  onCellStart?(index: number, codeCellNumber: number, cell: NotebookCell): void;
  onCellDone?(index: number, codeCellNumber: number, seconds: number, ok: boolean): void;
}

/** Cell tags that make the runner skip a cell, as nbclient does. */
const SKIP_TAGS = ['skip-execution'];

/**
 * Runs every code cell of `nb` in a fresh tslab executor rooted at `rootDir`.
 *
 * @param nb - the notebook (not modified).
 * @param rootDir - directory cells import from (`./src`); becomes the process cwd (tslab's rootDir).
 */
export async function executeNotebook(nb: Notebook, rootDir: string, hooks: ExecuteHooks = {}): Promise<ExecutionResult> {
  const started = performance.now(); // includes creating tslab's TypeScript program (~0.5 s)
  const notebook: Notebook = JSON.parse(JSON.stringify(nb));
  const jupyter = loadTslab().jupyter;
  let outputs: NotebookOutput[] = [];
  const displays = new Map<string, Extract<NotebookOutput, { output_type: 'display_data' }>[]>();
  const stream = (name: 'stdout' | 'stderr', text: string) => {
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === 'stream' && last.name === name) last.text = joinSource(last.text) + text;
    else outputs.push({ output_type: 'stream', name, text });
  };
  const executor = createTslabExecutor(rootDir, {
    log: (...a: unknown[]) => stream('stdout', format(...a) + '\n'),
    error: (...a: unknown[]) => stream('stderr', format(...a) + '\n'),
  });
  const writeDisplay = (msg: TslabDisplayMessage, update: boolean) => {
    const id = msg.transient?.display_id;
    if (update && id && displays.has(id)) {
      for (const o of displays.get(id)!) o.data = msg.data; // like nbclient: every output with that id is replaced
      return;
    }
    const out = { output_type: 'display_data' as const, data: msg.data, metadata: msg.metadata ?? {} };
    outputs.push(out);
    if (id) displays.set(id, [...(displays.get(id) ?? []), out]);
  };
  const saved = { out: process.stdout.write, err: process.stderr.write, display: jupyter.lastWriteDisplayData };
  // Like tslab's kernel (dist/main.js): stray async errors go to the current cell instead of killing the
  // process. This also absorbs tslab's own "Unexpected pending rebuildTimer", thrown from its file watcher
  // when src files change on disk while a notebook runs.
  const onRejection = (reason: unknown) => stream('stderr', `UnhandledPromiseRejection: ${format(reason)}\n`);
  const onException = (err: unknown) => stream('stderr', `UncaughtException: ${format(err)}\n`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  // tfjs-backend-wasm (Emscripten) adds listeners that rethrow every uncaught error, which would kill the whole
  // run on the first stray error (e.g. tslab's rebuildTimer when another process edits src/). They are
  // dropped after each cell; ours keeps reporting such errors in the cell's stderr.
  const ownListeners = {
    uncaughtException: new Set(process.listeners('uncaughtException')),
    unhandledRejection: new Set(process.listeners('unhandledRejection')),
  };
  const dropForeignListeners = () => {
    for (const l of process.listeners('uncaughtException')) {
      if (!ownListeners.uncaughtException.has(l)) process.off('uncaughtException', l);
    }
    for (const l of process.listeners('unhandledRejection')) {
      if (!ownListeners.unhandledRejection.has(l)) process.off('unhandledRejection', l);
    }
  };
  const cellSeconds = notebook.cells.map(() => 0);
  let failure: CellFailure | undefined;
  let count = 0;
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== 'code') continue;
      const tags = (cell.metadata?.tags as string[] | undefined) ?? [];
      outputs = [];
      cell.outputs = outputs;
      if (tags.some((t) => SKIP_TAGS.includes(t))) { cell.execution_count = null; continue; }
      cell.execution_count = ++count;
      hooks.onCellStart?.(index, count, cell);
      const t0 = performance.now();
      process.stdout.write = ((chunk: string | Uint8Array) => (stream('stdout', chunk.toString()), true)) as typeof process.stdout.write;
      process.stderr.write = ((chunk: string | Uint8Array) => (stream('stderr', chunk.toString()), true)) as typeof process.stderr.write;
      jupyter.lastWriteDisplayData = writeDisplay;
      let ok = false;
      try {
        ok = await executor.execute(joinSource(cell.source));
      } catch (e) {
        stream('stderr', format(e) + '\n');
      } finally {
        process.stdout.write = saved.out;
        process.stderr.write = saved.err;
        dropForeignListeners();
      }
      cellSeconds[index] = (performance.now() - t0) / 1000;
      hooks.onCellDone?.(index, count, cellSeconds[index], ok);
      if (!ok) {
        const message = outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr')
          .map((o) => joinSource((o as { text: string }).text)).join('').trim() || '(tslab reported a failure but printed no error text)';
        // Node prints a thrown error as "<file>:<line>\n<source line>\n^\n\nRangeError: msg\n    at …": the
        // headline is the "XxxError: msg" line (or a tslab type error "1:7 - …"), not the first line.
        const lines = message.split('\n');
        const headline = lines.find((l) => /^([A-Z]\w*)?(Error|Exception)\b|^\d+:\d+ - /.test(l.trim()))?.trim() ?? lines[0];
        const ename = /^([A-Z]\w*(Error|Exception))\b/.exec(headline)?.[1] ?? 'Error';
        outputs.push({ output_type: 'error', ename, evalue: headline, traceback: lines });
        failure = { cellIndex: index, codeCellNumber: count, message };
        break;
      }
    }
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    jupyter.lastWriteDisplayData = saved.display;
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    executor.close();
  }
  for (const cell of notebook.cells) {
    for (const o of cell.outputs ?? []) if (o.output_type === 'stream') o.text = splitLines(joinSource(o.text));
  }
  return { notebook, failure, cellSeconds, seconds: (performance.now() - started) / 1000 };
}
