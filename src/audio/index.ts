/**
 * The audio stage: WAV in and out (plus Ogg Vorbis, FLAC and MP3 in), mono mixdown, band-limited
 * resampling, streaming writes, data URIs for inline players, and the `validAudio` check later stages use.
 */
export { loadAudio, MAX_AUDIO_FILE_BYTES, type LoadAudioOptions } from './loadAudio';
export { decodeWav, DECODE_DEFAULTS, type DecodeOptions } from './decodeWav';
export { decodeAudio, SUPPORTED_AUDIO_FORMATS } from './decodeAudio';
export { decodeCompressed, type CompressedFormat } from './decodeCompressed';
export { encodeWav, saveWav, toDataUri, ENCODE_DEFAULTS, type EncodeOptions } from './encodeWav';
export { createWavWriter, type WavWriter, type WavWriterOptions } from './wavWriter';
export { parseWavHeader, sniffAudioFormat, WAV_MAX_CHANNELS, WAV_MAX_SAMPLE_RATE, WAV_MIN_SAMPLE_RATE, type WavInfo, type WavEncoding } from './wavHeader';
export type { WavBitDepth } from './pcm';
export { toMono } from './toMono';
export { resample, resampleClip, StreamResampler, RESAMPLE_DEFAULTS, type ResampleOptions, type ResampleQuality } from './resample';
export { openAudioReader, clipReader, monoBlocks, AUDIO_BLOCK_FRAMES, type AudioReader, type MonoBlocksOptions } from './audioReader';
export { validAudio, validClip } from './validAudio';
export { audioDuration, audioPeak, audioRms } from './measure';
