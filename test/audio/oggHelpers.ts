/** Test helpers for Ogg files: the page checksum, and a valid file with a chosen Vorbis sample rate. */

/** Ogg page CRC-32 (polynomial 0x04C11DB7, not reflected, initial 0), as the Ogg spec (RFC 3533) defines it. */
export function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (const b of page) {
    crc ^= b << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/** The Ogg file with the Vorbis identification header's sample rate replaced (page CRC recomputed, so it is a valid page). */
export function oggWithRate(bytes: Uint8Array, rate: number): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  const segments = out[26];
  const pageLen = 27 + segments + out.subarray(27, 27 + segments).reduce((a, b) => a + b, 0);
  const id = 27 + segments; // first packet: 0x01 'vorbis' version(4) channels(1) rate(4)
  v.setUint32(id + 12, rate, true);
  v.setUint32(22, 0, true);
  v.setUint32(22, oggCrc(out.subarray(0, pageLen)), true);
  return out;
}
