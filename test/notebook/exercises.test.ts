// Every exercise's self-check really tests the answer: each notebook is run (fast mode) with the exercise cell
// replaced by the notebook's own Solution (its check must say "correct"), then with a plausible wrong answer
// written in the Solution block as `<!-- wrong: … -->` (its check must say "wrong"). The check cells must not
// print the answer either. Notebooks listed in ANNOTATED must annotate every exercise; any other notebook
// is included as soon as it does (see notebooks/README.md, "Exercises").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { joinSource, type Notebook, type NotebookCell } from '../../src/workbook/nbformat';
import { exerciseVerdictsOf } from '../../src/workbook/outputsOf';

const root = path.resolve(__dirname, '..', '..');
const dir = path.join(root, 'notebooks');
/** Notebooks whose every exercise must carry a solution and a wrong answer. */
const ANNOTATED = ['01', '02', '03', '04', '05', '06', '07', '08'];

interface Exercise { notebook: string; cell: number; check: number; solution: string; wrong: string | undefined }

const tagsOf = (c: NotebookCell) => (c.metadata.tags as string[] | undefined) ?? [];

/** The exercises of a notebook with the solution and the wrong answer from the Markdown after the check cell. */
function exercisesOf(file: string, nb: Notebook): Exercise[] {
  return nb.cells.flatMap((c, i) => {
    if (!tagsOf(c).includes('exercise')) return [];
    const md = nb.cells.slice(i + 2).find((x) => x.cell_type === 'markdown' && /<details>/.test(joinSource(x.source)));
    const text = md ? joinSource(md.source) : '';
    const solution = /```typescript\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
    const wrong = /<!-- wrong:\s*([\s\S]*?)\s*-->/.exec(text)?.[1];
    return [{ notebook: file, cell: i, check: i + 1, solution, wrong }];
  });
}

const notebooks = readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort()
  .map((f) => ({ file: f, nb: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Notebook }));

test('every exercise of the annotated notebooks has a Solution and a wrong answer; no check cell prints its answer', () => {
  for (const { file, nb } of notebooks.filter((n) => ANNOTATED.some((p) => n.file.startsWith(p)))) {
    const exercises = exercisesOf(file, nb);
    assert.ok(exercises.length >= 1, `${file}: has exercises`);
    for (const e of exercises) {
      assert.ok(e.solution, `${file}: exercise cell ${e.cell + 1} has a Solution (\`\`\`typescript fence in a <details> block)`);
      assert.ok(e.wrong, `${file}: exercise cell ${e.cell + 1} has a <!-- wrong: … --> answer`);
      const check = joinSource(nb.cells[e.check].source);
      assert.match(check, /checkAnswer\(/, `${file}: cell ${e.check + 1} checks the exercise`);
      assert.doesNotMatch(check, /console\.log|showTable/, `${file}: the check cell ${e.check + 1} prints nothing but the verdict`);
    }
  }
});

test('each Solution passes its check and each wrong answer fails it (notebooks run in fast mode up to their last exercise)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'rbm-exercises-'));
  try {
    mkdirSync(path.join(tmp, 'nb'));
    const expected = new Map<string, string[]>();
    for (const { file, nb } of notebooks) {
      const exercises = exercisesOf(file, nb);
      // A notebook joins once every one of its exercises has a Solution and a wrong answer.
      if (exercises.length === 0 || !exercises.every((e) => e.solution && e.wrong)) continue;
      const last = exercises[exercises.length - 1].check;
      const cells: NotebookCell[] = [];
      nb.cells.slice(0, last + 1).forEach((c, i) => {
        if (c.cell_type !== 'code') return;
        const ex = exercises.find((e) => e.cell === i);
        cells.push(ex ? { ...c, source: ex.solution } : c);
        const after = exercises.find((e) => e.check === i);
        if (after) cells.push({ ...c, id: `${c.id}-wrong`, metadata: {}, source: after.wrong! }, { ...c, id: `${c.id}-recheck` });
      });
      writeFileSync(path.join(tmp, 'nb', file), JSON.stringify({ ...nb, cells }));
      expected.set(file, exercises.flatMap(() => ['correct', 'wrong']));
    }
    assert.ok(ANNOTATED.every((p) => [...expected.keys()].some((f) => f.startsWith(p))), `annotated notebooks found: ${[...expected.keys()]}`);
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'run-workbook.js'), '--notebooks', path.join(tmp, 'nb'), '--out', path.join(tmp, 'out')], {
      cwd: root, encoding: 'utf8', env: { ...process.env, RBM_MUSIC_FAST: '1' }, timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(r.status, 0, ((r.stdout ?? '') + (r.stderr ?? '')).slice(-4000));
    for (const [file, want] of expected) {
      const nb = JSON.parse(readFileSync(path.join(tmp, 'out', 'notebooks', file), 'utf8')) as Notebook;
      const got = exerciseVerdictsOf(nb);
      assert.deepEqual(got.map((v) => v.result), want, `${file}: ${JSON.stringify(got)}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
