// SHA-256 of one short message at a time with no allocation, for the split's row keys: a split hashes every row
// (about a million 100-byte messages for a 100 MB CSV), where a general-purpose hasher's per-call allocations and
// WebCrypto's per-call promise cost more than the hashing itself. FIPS 180-4; proven equal to Java's SHA-256 by the
// byte-equality test (frontend/tests/secrets.test.ts: every row key decides the split).

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/**
 * A SHA-256 that hashes a prefix of its own buffer; `state` holds the digest as eight big-endian words, signed (all
 * arithmetic stays in 32-bit integers, which V8 keeps unboxed): read word i as `state[i] >>> 0`.
 */
export class RowHash {
  /** The message goes here, from byte 0; grown by `reserve`, with room left for the padding. */
  buffer = new Uint8Array(1 << 12);
  readonly state = new Int32Array(8);
  private readonly words = new Int32Array(64);

  /** Makes room for a message of `length` bytes, keeping the first `keep` bytes. */
  reserve(length: number, keep: number): void {
    if (this.buffer.length < length + 72) {
      const larger = new Uint8Array(2 * (length + 72));
      larger.set(this.buffer.subarray(0, keep));
      this.buffer = larger;
    }
  }

  /** Hashes the first `length` bytes of `buffer` into `state` (the bytes after them are overwritten by the padding). */
  digest(length: number): void {
    const { buffer, state, words } = this;
    const padded = (length + 9 + 63) & ~63;
    buffer[length] = 0x80;
    buffer.fill(0, length + 1, padded - 8);
    const bitsHigh = Math.floor(length / 2 ** 29); // the message length in bits, as 64 bits
    const bitsLow = (length * 8) >>> 0;
    for (let i = 0; i < 4; i++) {
      buffer[padded - 8 + i] = bitsHigh >>> (24 - 8 * i);
      buffer[padded - 4 + i] = bitsLow >>> (24 - 8 * i);
    }
    state.set(INITIAL);
    for (let block = 0; block < padded; block += 64) {
      for (let i = 0; i < 16; i++) {
        const at = block + 4 * i;
        words[i] = (buffer[at] << 24) | (buffer[at + 1] << 16) | (buffer[at + 2] << 8) | buffer[at + 3];
      }
      for (let i = 16; i < 64; i++) {
        const w15 = words[i - 15];
        const w2 = words[i - 2];
        const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
        const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
        words[i] = (words[i - 16] + s0 + words[i - 7] + s1) | 0;
      }
      let a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
      for (let i = 0; i < 64; i++) {
        const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i] + words[i]) | 0;
        const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      state[0] = (state[0] + a) | 0;
      state[1] = (state[1] + b) | 0;
      state[2] = (state[2] + c) | 0;
      state[3] = (state[3] + d) | 0;
      state[4] = (state[4] + e) | 0;
      state[5] = (state[5] + f) | 0;
      state[6] = (state[6] + g) | 0;
      state[7] = (state[7] + h) | 0;
    }
  }
}
