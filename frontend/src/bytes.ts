/** `bytes` typed as WebCrypto and Blob want them (backed by an ArrayBuffer); copied only if they are not. */
export function plainBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
