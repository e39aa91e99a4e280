/**
 * Authoring helper: turns a notebook source written as Markdown (`notebooks/_sources/NN-name.md`) into
 * `notebooks/NN-name.ipynb` (no outputs, deterministic cell ids, one list entry per line, so diffs stay
 * readable). The Markdown source is the canonical text: edit it, then run this script.
 *
 * Format: everything outside a ```ts fence is Markdown; each ```ts fence is one code cell; a line with
 * only `+++` splits Markdown into two cells. Tags: ```ts tags=exercise,skip-execution.
 *
 *   npx tsx scripts/make-notebook.ts              # every source → .ipynb
 *   npx tsx scripts/make-notebook.ts 02           # sources whose name starts with 02
 *   npx tsx scripts/make-notebook.ts --check      # exit 1 if any .ipynb is out of date (used by tests)
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import path from 'path';
import { atomicWriteFileSync } from '../src/util/atomicWrite';
import { serializeNotebook, splitLines, type Notebook, type NotebookCell } from '../src/workbook/nbformat';

const root = path.resolve(__dirname, '..');
const sourcesDir = path.join(root, 'notebooks', '_sources');

/** Notebook-level metadata: the repo's kernelspec, so Jupyter picks "TypeScript (rbm-music)". */
export const NOTEBOOK_METADATA = {
  kernelspec: { display_name: 'TypeScript (rbm-music)', language: 'typescript', name: 'tslab' },
  language_info: { codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true }, file_extension: '.ts', mimetype: 'text/typescript', name: 'typescript', version: '5.0' },
};

/** Parses the Markdown source format into cells. */
export function sourceToNotebook(text: string): Notebook {
  const cells: NotebookCell[] = [];
  const push = (type: 'markdown' | 'code', lines: string[], tags: string[] = []) => {
    while (lines.length && lines[0].trim() === '') lines.shift();
    while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
    if (type === 'markdown' && lines.length === 0) return;
    const source = splitLines(lines.join('\n'));
    const id = `c${String(cells.length + 1).padStart(2, '0')}`;
    const metadata = tags.length ? { tags } : {};
    cells.push(type === 'code' ? { cell_type: 'code', execution_count: null, id, metadata, outputs: [], source } : { cell_type: 'markdown', id, metadata, source });
  };
  let md: string[] = [], code: string[] | null = null, tags: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const open = /^```ts(?:\s+tags=([\w,-]+))?\s*$/.exec(line);
    if (code === null && open) { push('markdown', md); md = []; code = []; tags = open[1] ? open[1].split(',') : []; continue; }
    if (code !== null && line.trim() === '```') { push('code', code, tags); code = null; continue; }
    if (code !== null) code.push(line);
    else if (line.trim() === '+++') { push('markdown', md); md = []; }
    else md.push(line);
  }
  if (code !== null) throw new Error('unterminated ```ts fence');
  push('markdown', md);
  return { cells, metadata: NOTEBOOK_METADATA, nbformat: 4, nbformat_minor: 5 };
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const only = argv.filter((a) => !a.startsWith('--'));
  const sources = existsSync(sourcesDir) ? readdirSync(sourcesDir).filter((f) => f.endsWith('.md') && (only.length === 0 || only.some((p) => f.startsWith(p)))).sort() : [];
  let stale = 0;
  for (const file of sources) {
    const target = path.join(root, 'notebooks', file.replace(/\.md$/, '.ipynb'));
    const json = serializeNotebook(sourceToNotebook(readFileSync(path.join(sourcesDir, file), 'utf8')));
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current === json) continue;
    if (check) { stale++; console.error(`out of date: ${path.relative(root, target)} (run: npx tsx scripts/make-notebook.ts ${file.slice(0, 2)})`); continue; }
    atomicWriteFileSync(target, json, { force: true });
    console.log(`wrote ${path.relative(root, target)}`);
  }
  return stale ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
