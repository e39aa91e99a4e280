/**
 * The slice of the Jupyter notebook format (nbformat 4.5) the workbook reads and writes, with stable
 * serialisation (Jupyter's own layout: 1-space indent, sorted keys, trailing newline) so diffs of
 * committed notebooks stay readable.
 */
import { readFileSync } from 'fs';
import { RbmMusicError } from '../errors';

/** A multi-line string as stored in .ipynb files: a string or a list of lines. */
export type MultilineString = string | string[];

/** One output of a code cell. */
export type NotebookOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString }
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: 'execute_result'; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** A notebook cell. */
export interface NotebookCell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

/** A whole notebook. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A multi-line string as one string. */
export function joinSource(source: MultilineString): string {
  return Array.isArray(source) ? source.join('') : source;
}

/** Splits text into Jupyter's list-of-lines form (each line keeps its `\n`). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Reads and minimally validates an .ipynb file.
 *
 * @throws {RbmMusicError} naming the file when it is not JSON or not an nbformat-4 notebook.
 */
export function readNotebook(path: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(readFileSync(path, 'utf8')) as Notebook;
  } catch (e) {
    throw new RbmMusicError(`${path}: not a readable JSON notebook (${(e as Error).message})`);
  }
  if (!nb || !Array.isArray(nb.cells) || nb.nbformat !== 4) {
    throw new RbmMusicError(`${path}: not an nbformat 4 notebook (expected {"nbformat": 4, "cells": [...]})`);
  }
  return nb;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Serialises a notebook the way Jupyter does (indent 1, sorted keys, non-ASCII kept, final newline). */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(sortKeys(nb), null, 1) + '\n';
}
