/** Loading a folder of the user's own audio files as a data set. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SampleRate } from '../types';
import { ParameterError } from '../errors';
import { loadAudio } from '../audio';
import type { DatasetClip, ProgressCallback } from './types';

/** Options for {@link loadAudioFolder}. */
export interface LoadAudioFolderOptions {
  /** Resample every file to this rate (default 16 kHz, the project's working rate). */
  sampleRate?: SampleRate;
  /** Look into sub-folders too (default true: music collections are usually artist/album folders). */
  recursive?: boolean;
  /** File extensions to load, case-insensitive (default: what loadAudio decodes: WAV, Ogg Vorbis, FLAC, MP3). */
  extensions?: string[];
  /** Called after each file. */
  onProgress?: ProgressCallback;
}

/** Defaults of {@link loadAudioFolder}. */
export const LOAD_AUDIO_FOLDER_DEFAULTS = { sampleRate: 16000, recursive: true, extensions: ['.wav', '.wave', '.ogg', '.oga', '.flac', '.mp3'] };

async function listFiles(dir: string, recursive: boolean, extensions: string[]): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    // A symbolic link to an audio file counts as the file (music libraries are often links); links to folders are
    // not followed, so a link loop cannot make the walk endless. A dangling link is skipped.
    const isFile = e.isFile() || (e.isSymbolicLink() && (await fs.stat(full).catch(() => undefined))?.isFile());
    if (e.isDirectory() && recursive && !e.name.startsWith('.')) files.push(...await listFiles(full, recursive, extensions));
    else if (isFile && extensions.includes(path.extname(e.name).toLowerCase())) files.push(full);
  }
  return files;
}

/**
 * Loads every audio file in a folder as mono clips at one sample rate, in sorted path order. A clip's `style` is
 * the name of its sub-folder (e.g. `my-music/jazz/x.wav` → 'jazz'), or undefined for files at the top level,
 * so a folder per genre gives a labelled set for free.
 *
 * @throws ParameterError if the folder does not exist or holds no matching file; AudioFormatError (naming the
 *   file) if a file cannot be decoded.
 * @example const clips = await loadAudioFolder('~/Music/wav', { recursive: false });
 */
export async function loadAudioFolder(folder: string, opts: LoadAudioFolderOptions = {}): Promise<DatasetClip[]> {
  const o = { ...LOAD_AUDIO_FOLDER_DEFAULTS, ...opts };
  const files = await audioFolderFiles(folder, o);
  const clips: DatasetClip[] = [];
  for (const [i, f] of files.entries()) {
    const clip = await loadAudio(f.path, { sampleRate: o.sampleRate, mono: true });
    clips.push({ ...f, clip });
    o.onProgress?.(i + 1, files.length, f.path);
  }
  return clips;
}

/**
 * The audio files {@link loadAudioFolder} would load, with the names and styles it gives them, without reading any
 * (for callers that read each file block by block, e.g. `rbm-music features`).
 * @throws ParameterError if the folder does not exist or holds no matching file.
 */
export async function audioFolderFiles(folder: string, opts: Pick<LoadAudioFolderOptions, 'recursive' | 'extensions'> = {}): Promise<Array<{ name: string; style?: string; path: string }>> {
  const o = { ...LOAD_AUDIO_FOLDER_DEFAULTS, ...opts };
  const stat = await fs.stat(folder).catch(() => undefined);
  if (!stat?.isDirectory()) throw new ParameterError(`folder=${JSON.stringify(folder)} is not an existing folder`);
  const exts = o.extensions.map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase());
  const files = await listFiles(folder, o.recursive, exts);
  if (files.length === 0) {
    throw new ParameterError(`${folder}: no ${exts.join('/')} files found${o.recursive ? ' (searched sub-folders too)' : ''}`);
  }
  return files.map((file) => {
    const parent = path.relative(folder, path.dirname(file));
    const rel = path.relative(folder, file);
    return { name: rel.slice(0, rel.length - path.extname(rel).length).split(path.sep).join('/'), style: parent ? parent.split(path.sep)[0] : undefined, path: file };
  });
}
