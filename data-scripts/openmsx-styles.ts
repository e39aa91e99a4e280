/**
 * Assigns a style label to every OpenMSX track WITHOUT listening, and writes data/openmsx/tracks.json.
 *
 * Run: `npx tsx data-scripts/openmsx-styles.ts` (re-run only if the rule or the .mid files change).
 *
 * Evidence used, in order:
 * 1. Authorship from the upstream readme's credits and the playlist (`openmsx.obm`): Jim Redfarn's "Ezy Street"
 *    set plus his "The Hobo" are piano-led blues and boogie-woogie by title ("Boogie Marabi", "Be Sharp Boogie",
 *    "Moo Moo Boogie", "City Blues", "Slow and Easy Blues", "Careless Love") → `blues`.
 * 2. Instrumentation read from the MIDI program changes: the share of pitched note-ons per General MIDI family
 *    (piano 0–7, guitar 24–31, bass 32–39, strings 40–47, pipe 72–79, synth lead 80–87, …).
 *    - pipe + strings ≥ 40 % of pitched notes → `pipes-strings` (harp, whistles, flutes, string ensembles);
 *    - guitar + bass + synth lead ≥ 60 % and tempo ≥ 120 bpm → `rock` (electric band sound, fast);
 *    - anything else → `other` (mixed instrumentation; kept in the data but not one of the style classes).
 * The thresholds were chosen by looking at the printed table (gaps in the distribution), not by ear.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BasicMIDI } from 'spessasynth_core';

const DIR = path.join(__dirname, '..', 'data', 'openmsx');
const FAMILIES = ['piano', 'chromatic', 'organ', 'guitar', 'bass', 'strings', 'ensemble', 'brass', 'reed', 'pipe',
  'synthLead', 'synthPad', 'synthFx', 'ethnic', 'percussive', 'soundFx'];

/** Credits from readme.txt section 5, keyed by file. */
function authorOf(file: string, set: string): string {
  if (set === 'ezy' || file === 'the_hobo_redfarn.mid') return 'Jim Redfarn';
  if (set === 'new') return 'Tistou Blomberg';
  const byFile: Record<string, string> = {
    'ttsong_iv_imuh3.mid': 'imuh3', 'ttsong_iii_imuh3.mid': 'imuh3', 'train_filled_with_cash.mid': 'imuh3',
    'flying_scotsman.mid': 'imuh3', 'chuggachugga.mid': 'imuh3', 'busy_schedule.mid': 'mimm',
    'the_fast_route.mid': 'mimm', 'modern_motion.mid': 'Kyle Timmerman (Mr.Ksoft)',
    'keep_on_rolling.mid': 'Trolley Trev', 'tttheme2.mid': '-lucas-',
  };
  return byFile[file] ?? 'OpenMSX authors';
}

/** Parses the `[files]` (playlist slot → file) and `[names]` (file → title) sections of openmsx.obm. */
function readObm(): { set: Map<string, string>; title: Map<string, string> } {
  const set = new Map<string, string>(), title = new Map<string, string>();
  let section = '';
  for (const line of readFileSync(path.join(DIR, 'openmsx.obm'), 'latin1').split(/\r?\n/)) {
    const header = /^\[(\w+)\]/.exec(line);
    if (header) { section = header[1]; continue; }
    const kv = /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(line);
    if (!kv) continue;
    if (section === 'files') set.set(kv[2], kv[1].replace(/_\d+$/, ''));
    if (section === 'names') title.set(kv[1], kv[2]);
  }
  return { set, title };
}

function analyse(file: string) {
  const bytes = readFileSync(path.join(DIR, file));
  const midi = BasicMIDI.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const events = midi.tracks.flatMap((t) => t.events).sort((a, b) => a.ticks - b.ticks);
  const program = new Array<number>(16).fill(0);
  const counts: Record<string, number> = {};
  let pitched = 0;
  for (const e of events) {
    const status = e.statusByte & 0xf0, channel = e.statusByte & 0x0f;
    if (status === 0xc0) program[channel] = e.data[0];
    // Channel 10 (index 9) is General MIDI percussion: not an instrument family.
    if (status === 0x90 && e.data[1] > 0 && channel !== 9) {
      const family = FAMILIES[program[channel] >> 3];
      counts[family] = (counts[family] ?? 0) + 1;
      pitched++;
    }
  }
  const share = (f: string) => (counts[f] ?? 0) / Math.max(1, pitched);
  // tempoChanges is ordered last → first; the track's tempo is the one in effect for the most ticks (files
  // often carry a default 120 bpm entry at tick 0 followed by their real tempo at the same tick).
  const tempi = midi.tempoChanges.slice().reverse();
  const lastTick = Math.max(...events.map((e) => e.ticks));
  let bpm = 120, longest = -1;
  tempi.forEach((t, i) => {
    const span = (i + 1 < tempi.length ? tempi[i + 1].ticks : lastTick) - t.ticks;
    if (span > longest) { longest = span; bpm = Math.round(t.tempo); }
  });
  const families = Object.fromEntries(Object.keys(counts).sort((a, b) => counts[b] - counts[a])
    .map((f) => [f, Math.round(100 * share(f)) / 100]));
  return { durationSeconds: Math.round(midi.duration * 10) / 10, bpm, families, share };
}

function main(): void {
  const { set, title } = readObm();
  const tracks = readdirSync(DIR).filter((f) => f.endsWith('.mid')).sort().map((file) => {
    const a = analyse(file);
    const playlist = set.get(file) ?? 'unknown';
    const author = authorOf(file, playlist);
    let style = 'other';
    if (author === 'Jim Redfarn') style = 'blues';
    else if (a.share('pipe') + a.share('strings') >= 0.4) style = 'pipes-strings';
    else if (a.share('guitar') + a.share('bass') + a.share('synthLead') >= 0.6 && a.bpm >= 120) style = 'rock';
    return { file, title: title.get(file) ?? file, author, playlist, style, durationSeconds: a.durationSeconds, bpm: a.bpm, families: a.families };
  });
  const out = {
    name: 'openmsx',
    source: 'OpenMSX 0.4.2 (Debian package openttd-openmsx), https://github.com/OpenTTD/OpenMSX',
    license: 'GPL-2.0 (see copyright and license.txt in this folder; credits in readme.txt)',
    styleRule: 'data-scripts/openmsx-styles.ts: Jim Redfarn → blues; pipe+strings ≥ 40% of pitched notes → pipes-strings; ' +
      'guitar+bass+synth lead ≥ 60% and ≥ 120 bpm → rock; else other',
    tracks,
  };
  writeFileSync(path.join(DIR, 'tracks.json'), JSON.stringify(out, null, 1) + '\n');
  for (const t of tracks) console.log(t.style.padEnd(14), t.file.padEnd(28), `${t.bpm} bpm`, JSON.stringify(t.families));
}

main();
