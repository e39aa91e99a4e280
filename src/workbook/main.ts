/**
 * `npm start`: runs every notebook in `notebooks/` headless (no Python), writes the executed notebooks
 * to `out/notebooks/`, the static site to `out/`, the runtimes to `out/timings.json`, and exits
 * non-zero naming the notebook, cell and real error when a cell fails.
 *
 *   npm start                 every notebook, in file-name order
 *   npm start -- 03           only notebooks whose file name starts with 03
 *   npm start -- --notebooks DIR --out DIR   other folders (used by tests)
 *   RBM_MUSIC_FAST=1 npm start   small sizes (each notebook's first cell reads it)
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import path from 'path';
import { atomicWriteFileSync } from '../util/atomicWrite';
import { RbmMusicError } from '../errors';
import { executeNotebook, type ExecutionResult } from './execute';
import { ensureDist } from './tslabInternals';
import { joinSource, readNotebook, serializeNotebook } from './nbformat';
import { writeKatexAssets } from './markdown';
import { claimsOf } from './outputsOf';
import { notebookSummary, notebookTitle, renderIndexPage, renderNotebookPage, type SiteEntry } from './site';

/** Each notebook should run top to bottom within this many seconds at its defaults on 2 cores (issue 5). */
export const NOTEBOOK_BUDGET_SECONDS = 90;

/** Options of {@link runWorkbook}. */
export interface RunWorkbookOptions {
  /** Repository root: cells import `./src` relative to it. */
  rootDir: string;
  /** Folder of .ipynb files. Default `<rootDir>/notebooks`. */
  notebooksDir?: string;
  /** Output folder. Default `<rootDir>/out`. */
  outDir?: string;
  /** File-name prefixes to run (e.g. ['03']). Default: all. */
  only?: string[];
  /** Where progress goes. Default process.stdout. */
  log?: (line: string) => void;
}

/** One row of `out/timings.json`. */
export interface NotebookTiming {
  notebook: string;
  seconds: number;
  cells: number;
  ok: boolean;
  fast: boolean;
}

/**
 * Runs the workbook; returns the timings of the notebooks run and whether all succeeded.
 *
 * @throws {RbmMusicError} when the notebooks folder is missing or a filter matches nothing.
 */
export async function runWorkbook(options: RunWorkbookOptions): Promise<{ ok: boolean; timings: NotebookTiming[] }> {
  const rootDir = path.resolve(options.rootDir);
  const nbDir = path.resolve(options.notebooksDir ?? path.join(rootDir, 'notebooks'));
  const outDir = path.resolve(options.outDir ?? path.join(rootDir, 'out'));
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  if (!existsSync(nbDir)) throw new RbmMusicError(`notebooks folder not found: ${nbDir}`);
  const all = readdirSync(nbDir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => f.slice(0, -'.ipynb'.length));
  const selected = options.only?.length ? all.filter((n) => options.only!.some((p) => n.startsWith(p))) : all;
  if (selected.length === 0) {
    throw new RbmMusicError(`no notebook in ${nbDir} matches ${JSON.stringify(options.only)}; available: ${all.join(', ') || '(none)'}`);
  }
  const fast = !!process.env.RBM_MUSIC_FAST; // same test as the notebooks' parameters cells: any non-empty value
  log(`Running ${selected.length} notebook(s) from ${path.relative(process.cwd(), nbDir) || '.'}${fast ? ' in fast mode (RBM_MUSIC_FAST)' : ''}`);

  const timingsPath = path.join(outDir, 'timings.json');
  const previous: NotebookTiming[] = existsSync(timingsPath) ? safeJson(readFileSync(timingsPath, 'utf8')) : [];
  const byName = new Map(previous.map((t) => [t.notebook, t]));
  const results = new Map<string, ExecutionResult>();
  const timings: NotebookTiming[] = [];
  const failures: string[] = [];

  for (const name of selected) {
    const nb = readNotebook(path.join(nbDir, `${name}.ipynb`));
    const nCode = nb.cells.filter((c) => c.cell_type === 'code').length;
    log(`\n▶ ${name} (${nCode} code cells)`);
    const result = await executeNotebook(nb, rootDir, {
      onCellDone: (i, n, s, ok) => log(`  [${n}/${nCode}] ${ok ? 'ok    ' : 'FAILED'} ${s.toFixed(2).padStart(6)} s  ${snippet(nb.cells[i].source)}`),
    });
    results.set(name, result);
    // A claim the prose makes that this run's numbers do not support fails the notebook like an error.
    const claims = claimsOf(result.notebook).filter((c) => c.checked);
    const broken = claims.filter((c) => !c.holds);
    const timing = { notebook: name, seconds: round(result.seconds), cells: nCode, ok: !result.failure && broken.length === 0, fast };
    timings.push(timing);
    byName.set(name, timing);
    atomicWriteFileSync(path.join(outDir, 'notebooks', `${name}.ipynb`), serializeNotebook(result.notebook), { force: true });
    if (result.failure) {
      const f = result.failure;
      const firstLine = joinSource(result.notebook.cells[f.cellIndex].source).split('\n')[0];
      const msg = `✗ ${name}.ipynb: cell ${f.cellIndex + 1} (code cell ${f.codeCellNumber}: "${firstLine}") failed:\n${indent(f.message)}`;
      failures.push(msg);
      log(msg);
    } else if (broken.length) {
      const msg = `✗ ${name}.ipynb: ${broken.length} of ${claims.length} claim(s) do not hold:\n` +
        broken.map((c) => `    ${c.statement} ${JSON.stringify(c.numbers)}`).join('\n');
      failures.push(msg);
      log(msg);
    } else {
      log(`✓ ${name} in ${result.seconds.toFixed(1)} s${claims.length ? ` (${claims.length} claim(s) hold)` : ''}`);
    }
  }

  // Site: every notebook in the folder is listed; pages are (re)written for the ones run now.
  const entries: SiteEntry[] = all.map((name) => {
    const t = byName.get(name);
    const nb = results.get(name)?.notebook ?? readNotebook(path.join(nbDir, `${name}.ipynb`));
    return { name, title: notebookTitle(nb, name), summary: notebookSummary(nb), status: t ? (t.ok ? 'ok' : 'failed') : undefined, seconds: t?.seconds };
  });
  entries.forEach((entry, i) => {
    const result = results.get(entry.name);
    if (result) {
      atomicWriteFileSync(path.join(outDir, `${entry.name}.html`), renderNotebookPage(result.notebook, entry, entries[i - 1], entries[i + 1]), { force: true });
    }
  });
  atomicWriteFileSync(path.join(outDir, 'index.html'), renderIndexPage(entries), { force: true });
  writeKatexAssets(outDir);
  const merged = all.map((n) => byName.get(n)).filter((t): t is NotebookTiming => !!t);
  atomicWriteFileSync(timingsPath, JSON.stringify(merged, null, 2) + '\n', { force: true });

  log('\nnotebook' + ' '.repeat(32) + 'seconds  cells  status');
  for (const t of timings) {
    const over = !t.fast && t.seconds > NOTEBOOK_BUDGET_SECONDS ? `  (over the ${NOTEBOOK_BUDGET_SECONDS} s budget)` : '';
    log(`${t.notebook.padEnd(40)}${t.seconds.toFixed(1).padStart(7)}  ${String(t.cells).padStart(5)}  ${t.ok ? 'ok' : 'FAILED'}${over}`);
  }
  log(`\nSite: ${path.join(outDir, 'index.html')}   timings: ${timingsPath}`);
  if (failures.length) log(`\n${failures.length} notebook(s) failed:\n${failures.join('\n')}`);
  return { ok: failures.length === 0, timings };
}

/** First non-empty line of a cell, shortened, for the progress log. */
function snippet(source: string | string[]): string {
  const line = joinSource(source).split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

function safeJson(text: string): NotebookTiming[] {
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return []; // a corrupt timings file is just regenerated
  }
}

/** Parses `npm start` arguments: positional prefixes, `--notebooks DIR`, `--out DIR`. */
export function parseArgs(argv: string[]): { only: string[]; notebooksDir?: string; outDir?: string } {
  const only: string[] = [];
  let notebooksDir: string | undefined, outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--notebooks') notebooksDir = argv[++i];
    else if (a === '--out') outDir = argv[++i];
    else if (a.startsWith('--')) throw new RbmMusicError(`unknown option ${a}; usage: npm start -- [prefix ...] [--notebooks DIR] [--out DIR]`);
    else only.push(a);
  }
  return { only, notebooksDir, outDir };
}

/** Entry point of bin/run-workbook.js. */
export async function main(rootDir: string, argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    ensureDist(); // before the first notebook's clock starts
    const { ok } = await runWorkbook({ rootDir, ...args });
    return ok ? 0 : 1;
  } catch (e) {
    process.stderr.write(`run-workbook: ${e instanceof RbmMusicError ? e.message : (e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}
