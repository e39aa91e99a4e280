/**
 * A minimal PNG encoder (8-bit RGB, no interlace) on top of Node's zlib: the only image format the
 * display helpers need, for spectrograms too large to draw as thousands of SVG rectangles.
 * No dependency: zlib's deflate and crc32 (Node ≥ 20.15) do the real work.
 */
import { crc32, deflateSync } from 'zlib';
import { ParameterError } from '../errors';

/** PNG file signature (ISO/IEC 15948 §5.2). */
const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'ascii');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)) >>> 0, 8 + body.length);
  return out;
}

/**
 * Encodes an RGB image as PNG bytes.
 *
 * @param rgb - width × height × 3 bytes, row-major from the top-left pixel.
 * @param width - image width in pixels (≥ 1).
 * @param height - image height in pixels (≥ 1).
 * @throws {ParameterError} when the sizes are not positive integers or `rgb` has the wrong length.
 * @example
 * const png = encodePng(new Uint8Array([255, 0, 0]), 1, 1); // one red pixel
 */
export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ParameterError(`encodePng: width=${width} and height=${height} must be positive integers`);
  }
  if (rgb.length !== width * height * 3) {
    throw new ParameterError(`encodePng: rgb has ${rgb.length} bytes, expected width*height*3 = ${width * height * 3}`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filter, no interlace
  const raw = Buffer.alloc((width * 3 + 1) * height); // each scanline starts with filter type 0 (None)
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

/** `data:image/png;base64,…` URI of PNG bytes, for `<img src>` and SVG `<image href>`. */
export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}
