/**
 * Reading an executed notebook back: the claims it checked, the verdicts of its exercise checks and the
 * Vega-Lite specs of its charts, from the machine-readable copies the display helpers put beside what
 * the learner sees. Used by `npm start` (a claim that does not hold fails the run) and by the tests.
 */
import type { ClaimRecord } from '../notebook/claims';
import { CLAIM_MIME } from '../notebook/claims';
import { EXERCISE_MIME, type CheckResult } from '../notebook/exercises';
import type { Notebook } from './nbformat';

/** MIME type under which {@link showChart} stores the Vega-Lite spec. */
const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** Every payload of `mime` in the display outputs of `nb`, with the 0-based index of its cell. */
export function outputsOfType<T>(nb: Notebook, mime: string): { cellIndex: number; value: T }[] {
  const found: { cellIndex: number; value: T }[] = [];
  nb.cells.forEach((cell, cellIndex) => {
    for (const o of cell.outputs ?? []) {
      if (o.output_type !== 'display_data') continue;
      const v = (o.data as Record<string, unknown>)[mime];
      if (v !== undefined) found.push({ cellIndex, value: v as T });
    }
  });
  return found;
}

/** The claims a notebook checked (see `claim` in src/notebook). */
export function claimsOf(nb: Notebook): ClaimRecord[] {
  return outputsOfType<ClaimRecord>(nb, CLAIM_MIME).map((x) => x.value);
}

/** The exercise verdicts (`checkAnswer`), in order. */
export function exerciseVerdictsOf(nb: Notebook): { label: string; result: CheckResult }[] {
  return outputsOfType<{ label: string; result: CheckResult }>(nb, EXERCISE_MIME).map((x) => x.value);
}

/** The Vega-Lite specs of the charts (`showChart`), with their cells. */
export function chartSpecsOf(nb: Notebook): { cellIndex: number; value: Record<string, unknown> }[] {
  return outputsOfType<Record<string, unknown>>(nb, VEGALITE_MIME);
}
