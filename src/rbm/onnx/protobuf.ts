/**
 * A minimal Protocol Buffers *writer* — just enough to encode an ONNX ModelProto. The wire format is simple:
 * each field is a key `(fieldNumber << 3) | wireType` (a varint) followed by its value:
 *   wire type 0 = varint (ints, enums), 2 = length-delimited (strings, bytes, sub-messages, packed arrays),
 *   5 = 32-bit little-endian (float).
 * See https://protobuf.dev/programming-guides/encoding/.
 */
export class ProtoWriter {
  private chunks: number[] = [];

  private varint(n: number): void {
    // Non-negative integers up to 2^53 (enough for every ONNX field we write).
    while (n >= 0x80) {
      this.chunks.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.chunks.push(n);
  }

  private key(field: number, wireType: 0 | 2 | 5): void {
    this.varint(field * 8 + wireType);
  }

  /** An integer field (int32, int64 or enum); negative values are written as 64-bit two's complement. */
  int(field: number, n: number): this {
    this.key(field, 0);
    if (n >= 0) this.varint(n);
    else {
      let v = BigInt.asUintN(64, BigInt(n));
      while (v >= 0x80n) {
        this.chunks.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      this.chunks.push(Number(v));
    }
    return this;
  }

  /** A 32-bit float field. */
  float(field: number, x: number): this {
    this.key(field, 5);
    const b = new Uint8Array(new Float32Array([x]).buffer);
    this.chunks.push(...b);
    return this;
  }

  /** A length-delimited field holding raw bytes. */
  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2);
    this.varint(b.length);
    for (const x of b) this.chunks.push(x);
    return this;
  }

  /** A UTF-8 string field. */
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  /** A sub-message field. */
  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }

  /** The encoded bytes. */
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
