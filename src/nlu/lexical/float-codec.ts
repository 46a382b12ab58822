// Float32Array ⇄ base64, so model files carry weights at 4 bytes each (≈5.3 characters in base64) instead of
// ~20 characters of JSON decimal. Little-endian byte order, as on every platform Node runs on.

/** Encodes the array's bytes as base64. */
export function float32ToBase64(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Decodes base64 written by float32ToBase64; throws RangeError when the byte count is not a multiple of 4. */
export function base64ToFloat32(text: string, expectedLength?: number): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new RangeError(`base64 float data has ${bytes.length} bytes, not a multiple of 4`);
  // Copy into a fresh, aligned buffer: Buffer slices may start at any byte offset.
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new RangeError(`expected ${expectedLength} floats, found ${out.length}`);
  }
  return out;
}
