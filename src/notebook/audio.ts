/**
 * Inline audio players: `<audio controls>` with the clip embedded as a WAV data URI, so the sound
 * travels inside the notebook / HTML page and plays offline.
 */
import type { AudioClip } from '../types';
import { ParameterError } from '../errors';
import { toDataUri } from '../audio/encodeWav';
import { escapeHtml } from './html';
import { displayBundle } from './output';

/** Options of {@link audioPlayerHtml} / {@link showAudio}. */
export interface ShowAudioOptions {
  /** Sample rate in Hz when passing bare samples (ignored for an AudioClip). Default 16000. */
  sampleRate?: number;
  /** Caption under the player; duration and rate are appended. */
  caption?: string;
  /**
   * Scale the clip so its peak is 0.9 before encoding. Default false (you hear true levels); turn on
   * for model output (Griffin-Lim, sonified weights) whose scale is arbitrary.
   */
  normalize?: boolean;
}

/** Mono mixdown of a clip (mean of the channels), or the samples themselves. */
function toMonoSamples(clipOrSamples: AudioClip | Float32Array): Float32Array {
  if (clipOrSamples instanceof Float32Array) return clipOrSamples;
  const { channels } = clipOrSamples;
  if (channels.length === 1) return channels[0];
  const y = new Float32Array(channels[0].length);
  for (const ch of channels) for (let i = 0; i < y.length; i++) y[i] += ch[i] / channels.length;
  return y;
}

/**
 * HTML of an audio player with caption (mono, 16-bit WAV data URI from src/audio's `toDataUri`).
 *
 * @param clipOrSamples - an {@link AudioClip} (mixed down to mono) or mono samples in [-1, 1].
 * @throws {ParameterError} for an empty signal, a non-positive sample rate, or NaN/Inf samples.
 */
export function audioPlayerHtml(clipOrSamples: AudioClip | Float32Array, options: ShowAudioOptions = {}): string {
  const sampleRate = clipOrSamples instanceof Float32Array ? options.sampleRate ?? 16000 : clipOrSamples.sampleRate;
  if (!(sampleRate > 0) || !Number.isInteger(sampleRate)) {
    throw new ParameterError(`showAudio: sampleRate=${sampleRate} must be a positive integer (Hz)`);
  }
  let y = toMonoSamples(clipOrSamples);
  if (!y || y.length === 0) throw new ParameterError('showAudio: the signal is empty (0 samples); nothing to play');
  if (options.normalize) {
    let peak = 0;
    for (const v of y) if (Math.abs(v) > peak) peak = Math.abs(v);
    if (peak > 0) y = y.map((v) => (v * 0.9) / peak);
  }
  // 16-bit keeps the page small (10 s ≈ 427 KB of base64); out-of-range samples saturate.
  const uri = toDataUri({ sampleRate, channels: [y] }, { bitDepth: 16 });
  const info = `${(y.length / sampleRate).toFixed(2)} s · ${sampleRate / 1000} kHz`;
  const caption = options.caption ? `${escapeHtml(options.caption)} <span style="color:#888">(${info})</span>` : info;
  return `<figure class="rbm-audio" style="margin:6px 0"><audio controls preload="none" src="${uri}"></audio>` +
    `<figcaption style="font:12px system-ui,sans-serif;color:#555">${caption}</figcaption></figure>`;
}

/**
 * Shows an audio player with a caption in the notebook.
 *
 * @example
 * showAudio(clip, { caption: 'original, 16 kHz mono' });
 * showAudio(y, { sampleRate: 16000, caption: 'Griffin-Lim, 32 iterations', normalize: true });
 */
export function showAudio(clipOrSamples: AudioClip | Float32Array, options: ShowAudioOptions = {}): void {
  const html = audioPlayerHtml(clipOrSamples, options);
  displayBundle({ 'text/html': html, 'text/plain': `<audio: ${options.caption ?? 'clip'}>` });
}
