// The committed notebooks: generated from their Markdown sources (in sync), stored without outputs, bound
// to the repo kernel, each with a fast-mode parameters cell and at least one exercise with a self-check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serializeNotebook, joinSource, type Notebook } from '../../src/workbook/nbformat';
import { sourceToNotebook } from '../../scripts/make-notebook';

const root = path.resolve(__dirname, '..', '..');
const dir = path.join(root, 'notebooks');
const files = readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();

test('every notebook is stored without outputs, uses the repo kernel and starts with a fast-mode parameters cell', () => {
  assert.ok(files.length >= 2);
  for (const f of files) {
    const nb = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Notebook;
    assert.equal((nb.metadata.kernelspec as { name: string }).name, 'tslab', f);
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    assert.ok(code.every((c) => (c.outputs ?? []).length === 0 && c.execution_count === null), `${f}: stored without outputs`);
    assert.match(joinSource(code[0].source), /process\.env\.RBM_MUSIC_FAST/, `${f}: first code cell reads RBM_MUSIC_FAST`);
    assert.match(joinSource(nb.cells[0].source), /^# /, `${f}: starts with a title`);
  }
});

test('notebooks with a Markdown source are in sync with it (edit notebooks/_sources/*.md, then npx tsx scripts/make-notebook.ts)', () => {
  const sources = readdirSync(path.join(dir, '_sources')).filter((f) => f.endsWith('.md'));
  assert.ok(sources.length >= 2);
  for (const s of sources) {
    const expected = serializeNotebook(sourceToNotebook(readFileSync(path.join(dir, '_sources', s), 'utf8')));
    assert.equal(readFileSync(path.join(dir, s.replace(/\.md$/, '.ipynb')), 'utf8'), expected, `${s} → .ipynb is out of date`);
  }
});

test('notebooks 01 and 02 have 1–3 exercises, each followed by a checkAnswer cell', () => {
  for (const f of files.filter((x) => /^0[12]-/.test(x))) {
    const cells = (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Notebook).cells;
    const exercises = cells.map((c, i) => i).filter((i) => ((cells[i].metadata.tags as string[] | undefined) ?? []).includes('exercise'));
    assert.ok(exercises.length >= 1 && exercises.length <= 3, `${f}: ${exercises.length} exercises`);
    for (const i of exercises) assert.match(joinSource(cells[i + 1].source), /checkAnswer\(/, `${f}: cell ${i + 2} checks exercise`);
  }
});

/** Widest code line the site shows without cutting it off (issue 10). */
const MAX_CODE_LINE = 100;
/**
 * Notebooks being reworked by their owners, not yet held to the line width: none now. Add a prefix ('04-') while a
 * notebook is rewritten, and remove it once it complies. (Runtime and ending sections are required of 01–08.)
 */
const WIDE_LINES_PENDING: string[] = [];

test(`no code line in a notebook is wider than ${MAX_CODE_LINE} characters`, () => {
  const wide: string[] = [];
  for (const f of files.filter((x) => !WIDE_LINES_PENDING.some((p) => x.startsWith(p)))) {
    const nb = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Notebook;
    nb.cells.forEach((c, i) => {
      if (c.cell_type !== 'code') return;
      joinSource(c.source).split('\n').forEach((line, k) => {
        if ([...line].length > MAX_CODE_LINE) wide.push(`${f} cell ${i + 1} line ${k + 1}: ${[...line].length} chars`);
      });
    });
  }
  assert.deepEqual(wide, []);
});

test('every notebook states its expected runtime in its first cell and ends with takeaways, next steps and linked references', () => {
  for (const f of files.filter((x) => /^0[1-8]-/.test(x))) {
    const nb = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Notebook;
    const md = nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => joinSource(c.source)).join('\n');
    assert.match(joinSource(nb.cells[0].source), /\*\*Runtime:\*\* about \d+ s at the defaults/, `${f}: runtime in the first cell`);
    assert.match(md, /^## Key takeaways$/m, `${f}: key takeaways`);
    assert.match(md, /^## What to try next$/m, `${f}: what to try next`);
    const refs = md.split(/^## References$/m)[1] ?? '';
    assert.ok((refs.match(/<https?:\/\/[^>]+>/g) ?? []).length >= 2, `${f}: references with links`);
  }
});

test('make-notebook: ts fences become code cells with tags, +++ splits Markdown, ids are stable', () => {
  const nb = sourceToNotebook('# T\n\nintro\n+++\nmore\n```ts tags=exercise\nconst x = 1;\n```\n\n```typescript\nnot a cell\n```\n');
  assert.deepEqual(nb.cells.map((c) => [c.cell_type, c.id, joinSource(c.source)]), [
    ['markdown', 'c01', '# T\n\nintro'], ['markdown', 'c02', 'more'], ['code', 'c03', 'const x = 1;'], ['markdown', 'c04', '```typescript\nnot a cell\n```'],
  ]);
  assert.deepEqual(nb.cells[2].metadata, { tags: ['exercise'] });
  assert.throws(() => sourceToNotebook('```ts\nunterminated'), /unterminated/);
});
