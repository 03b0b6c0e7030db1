// SHA-256 of many short messages, four at a time, for the split's row keys: a split hashes every row (about 2.4
// million 75-byte messages for a 100 MiB CSV), where a JavaScript SHA-256 spends about 0.7 µs a message and
// WebCrypto's per-call promise far more. Each of WebAssembly SIMD's 128-bit vectors holds the same word of four
// messages, so one pass of FIPS 180-4's rounds hashes four rows. The module (about 9 KB) is assembled here (../wasm.ts),
// its rounds unrolled. Proven equal to Java's SHA-256 by the byte-equality test (frontend/tests/secrets.test.ts: every
// row key decides the split).
import { Code, I32, V128, leb, moduleOf, sleb } from "../wasm";

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const LANES = 4;
/** Memory layout: the lanes' block counts (one i32x4), the digests (eight i32x4, word-major), then the lanes' messages. */
const COUNTS = 0;
const DIGESTS = 16;
const MESSAGES = 256;
const PAGE = 1 << 16;

/**
 * Hashes messages written into its memory, four at a time; `onDigest` hears each message's digest words 0 to 3
 * (big-endian, signed: read as `w >>> 0`), in the order the messages were written. Every message starts with the
 * same `prefix`; write the rest at `bytes[begin(n)...]` and end it with `end(at)`; `flush()` hashes what is left.
 */
export class RowHashes {
  bytes: Uint8Array;
  private words: Int32Array;
  private counts: Int32Array;
  private stride = 1 << 12;
  private lane = 0;

  private constructor(private readonly memory: WebAssembly.Memory, private readonly exports: HashExports,
    private readonly prefix: Uint8Array, private readonly onDigest: (w0: number, w1: number, w2: number, w3: number) => void) {
    this.bytes = new Uint8Array(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    this.counts = this.words.subarray(COUNTS / 4, COUNTS / 4 + LANES);
    this.reshape(this.stride);
  }

  static async create(prefix: Uint8Array, onDigest: (w0: number, w1: number, w2: number, w3: number) => void): Promise<RowHashes> {
    const instance = await WebAssembly.instantiate(await compiled());
    const exports = instance.exports as unknown as HashExports;
    return new RowHashes(exports.memory, exports, prefix, onDigest);
  }

  /**
   * Hashes `count` messages at once, each the prefix and then `lines[lineEnds[i - 1], lineEnds[i])` (from 0 for the
   * first): the same digests, in the same order, as begin and end message by message, after those begun before.
   * `onKeys` hears digest words 0 to 3 of the messages hashed in one run, a word's array for each (at most
   * KEY_WINDOW messages); a message longer than the lanes is hashed by begin and end, and so are the ones after it.
   */
  hashLines(lines: Uint8Array, lineEnds: Int32Array, count: number, onKeys: (w0: Uint32Array, w1: Uint32Array, w2: Uint32Array, w3: Uint32Array) => void): void {
    if (count > KEY_WINDOW) throw new Error(`at most ${KEY_WINDOW} messages a run, not ${count}`);
    this.flush();
    const bytes = count === 0 ? 0 : lineEnds[count - 1];
    const endsAt = MESSAGES + LANES * this.stride;
    const linesAt = endsAt + 4 * count;
    const keysAt = (linesAt + bytes + 15) & ~15;
    this.room(keysAt + 16 * KEY_WINDOW);
    this.words.set(lineEnds.subarray(0, count), endsAt / 4);
    this.bytes.set(lines.subarray(0, bytes), linesAt);
    const hashed = this.exports.hashLines(this.stride, count, this.prefix.length, endsAt, linesAt, keysAt);
    const word = (w: number) => new Uint32Array(this.memory.buffer, keysAt + 4 * KEY_WINDOW * w, hashed);
    onKeys(word(0), word(1), word(2), word(3));
    for (let i = hashed; i < count; i++) { // a message longer than the lanes, and the rest
      const start = i === 0 ? 0 : lineEnds[i - 1];
      const at = this.begin(lineEnds[i] - start);
      this.bytes.set(lines.subarray(start, lineEnds[i]), at);
      this.end(at + lineEnds[i] - start);
    }
  }

  /** Makes room for a message of the prefix and `length` more bytes; returns where in `bytes` those go. */
  begin(length: number): number {
    const needed = this.prefix.length + length + 72;
    if (needed > this.stride) {
      this.flush();
      let stride = this.stride;
      while (stride < needed) stride *= 2;
      this.reshape(stride);
    }
    return MESSAGES + this.lane * this.stride + this.prefix.length;
  }

  /** Ends the message begun last at `bytes[at]`: pads it, and hashes when four are waiting. */
  end(at: number): void {
    const start = MESSAGES + this.lane * this.stride;
    const length = at - start;
    const padded = (length + 9 + 63) & ~63;
    const b = this.bytes;
    b[at] = 0x80;
    b.fill(0, at + 1, start + padded - 8);
    const bitsHigh = Math.floor(length / 2 ** 29); // the message length in bits, as 64 bits
    const bitsLow = (length * 8) >>> 0;
    for (let i = 0; i < 4; i++) {
      b[start + padded - 8 + i] = bitsHigh >>> (24 - 8 * i);
      b[start + padded - 4 + i] = bitsLow >>> (24 - 8 * i);
    }
    this.counts[this.lane++] = padded / 64;
    if (this.lane === LANES) this.flush();
  }

  /** Hashes the messages waiting, if any. */
  flush(): void {
    const lanes = this.lane;
    if (lanes === 0) return;
    let blocks = 0;
    for (let l = 0; l < LANES; l++) {
      if (l >= lanes) this.counts[l] = 0;
      blocks = Math.max(blocks, this.counts[l]);
    }
    this.exports.hash4(this.stride, blocks);
    this.lane = 0;
    const w = this.words;
    const d = DIGESTS / 4;
    for (let l = 0; l < lanes; l++) this.onDigest(w[d + l], w[d + LANES + l], w[d + 2 * LANES + l], w[d + 3 * LANES + l]);
  }

  /** Lays the lanes out `stride` bytes apart, each starting with the prefix, growing the memory as needed. */
  private reshape(stride: number): void {
    this.stride = stride;
    this.room(MESSAGES + LANES * stride);
    for (let l = 0; l < LANES; l++) this.bytes.set(this.prefix, MESSAGES + l * stride);
  }

  /** Grows the memory to at least `bytes`. */
  private room(bytes: number): void {
    if (bytes <= this.memory.buffer.byteLength) return;
    this.memory.grow(Math.ceil((bytes - this.memory.buffer.byteLength) / PAGE));
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
    this.counts = this.words.subarray(COUNTS / 4, COUNTS / 4 + LANES);
  }
}

interface HashExports {
  memory: WebAssembly.Memory;
  hash4(stride: number, blocks: number): void;
  hashLines(stride: number, count: number, prefixLength: number, endsAt: number, linesAt: number, keysAt: number): number;
}

/** Messages hashLines hashes at most a call. */
const KEY_WINDOW = 1 << 15;

let module: Promise<WebAssembly.Module> | undefined;

function compiled(): Promise<WebAssembly.Module> {
  module ??= WebAssembly.compile(moduleBytes());
  return module;
}

// The module: memory (exported) and hash4(stride, blocks): SHA-256 of the LANES messages at MESSAGES + lane × stride,
// lane l's padded message `counts[l]` blocks long (`blocks` is the most), the digest of each written at DIGESTS as
// eight i32x4 vectors (word i of lane l at DIGESTS + 16 i + 4 l).

const simd = (op: number) => [0xfd, ...leb(op)];
const get = (local: number) => [0x20, ...leb(local)];
const set = (local: number) => [0x21, ...leb(local)];
const i32 = (n: number) => [0x41, ...sleb(n | 0)];
const splat = (n: number) => [0xfd, 0x0c, ...Array.from({ length: 16 }, (_, i) => (n >>> (8 * (i % 4))) & 0xff)]; // v128.const
const ADD = simd(0xae); // i32x4.add
const XOR = simd(0x51);
const OR = simd(0x50);
const BITSELECT = simd(0x52);
const SHL = simd(0xab); // i32x4.shl
const SHR = simd(0xad); // i32x4.shr_u
const rotr = (value: number[], n: number) => [...value, ...i32(n), ...SHR, ...value, ...i32(32 - n), ...SHL, ...OR];
const shr = (value: number[], n: number) => [...value, ...i32(n), ...SHR];
const sigma = (local: number, a: number, b: number, c: number, shift: boolean) =>
  [...rotr(get(local), a), ...rotr(get(local), b), ...XOR, ...(shift ? shr(get(local), c) : rotr(get(local), c)), ...XOR];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  // Locals: 0 stride, 1 blocks (parameters), 2 block offset, 3 blocks done, 4-6 lane bases; v128: 7-14 state, 15-22
  // working variables, 23-38 schedule, 39 counts, 40-47 digests, 48 T1.
  const STRIDE = 0, BLOCKS = 1, OFFSET = 2, DONE = 3, BASE = 4, STATE = 7, WORK = 15, W = 23, COUNT = 39, DIGEST = 40, T1 = 48;
  const code: number[] = [];
  for (let l = 1; l < LANES; l++) code.push(...get(STRIDE), ...i32(l), 0x6c, ...set(BASE + l - 1)); // i32.mul
  for (let i = 0; i < 8; i++) code.push(...splat(INITIAL[i]), ...set(STATE + i));
  code.push(...i32(COUNTS), 0xfd, 0x00, 4, ...leb(0), ...set(COUNT)); // v128.load
  code.push(0x03, 0x40); // loop
  for (let i = 0; i < 16; i++) { // word i of each lane, big-endian
    const offset = MESSAGES + 4 * i;
    code.push(...get(OFFSET), 0x28, 2, ...leb(offset), ...simd(0x11)); // i32.load, i32x4.splat
    for (let l = 1; l < LANES; l++) {
      code.push(...get(OFFSET), ...get(BASE + l - 1), 0x6a, 0x28, 2, ...leb(offset), ...simd(0x1c), l); // i32.add, i32x4.replace_lane
    }
    code.push(0xfd, 0x0c, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12, ...simd(0x0e), ...set(W + i)); // i8x16.swizzle
  }
  for (let i = 0; i < 8; i++) code.push(...get(STATE + i), ...set(WORK + i));
  for (let r = 0; r < 64; r++) {
    const role = (k: number) => WORK + ((k - r) % 8 + 8) % 8; // a is role(0), ..., h is role(7)
    const w = W + (r % 16);
    if (r >= 16) {
      code.push(...sigma(W + ((r - 2) % 16), 17, 19, 10, true), ...get(W + ((r - 7) % 16)), ...ADD,
        ...sigma(W + ((r - 15) % 16), 7, 18, 3, true), ...ADD, ...get(w), ...ADD, ...set(w));
    }
    const [a, b, c, d, e, f, g, h] = Array.from({ length: 8 }, (_, k) => role(k));
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[r] + W[r]; Ch is bitselect(f, g, e)
    code.push(...get(h), ...sigma(e, 6, 11, 25, false), ...ADD, ...get(f), ...get(g), ...get(e), ...BITSELECT, ...ADD,
      ...splat(K[r]), ...ADD, ...get(w), ...ADD, ...set(T1));
    code.push(...get(d), ...get(T1), ...ADD, ...set(d)); // the new e
    // the new a = T1 + Σ0(a) + Maj(a, b, c); Maj is bitselect(a, b, b ^ c)
    code.push(...get(T1), ...sigma(a, 2, 13, 22, false), ...ADD, ...get(a), ...get(b), ...get(b), ...get(c), ...XOR, ...BITSELECT, ...ADD,
      ...set(h));
  }
  // after 64 rounds the roles are back where they started: WORK + i is variable i
  for (let i = 0; i < 8; i++) code.push(...get(STATE + i), ...get(WORK + i), ...ADD, ...set(STATE + i));
  code.push(...get(DONE), ...i32(1), 0x6a, ...set(DONE)); // i32.add
  for (let i = 0; i < 8; i++) { // keep the state of the lanes whose last block this was
    code.push(...get(STATE + i), ...get(DIGEST + i), ...get(COUNT), ...get(DONE), ...simd(0x11), ...simd(0x37), ...BITSELECT,
      ...set(DIGEST + i)); // i32x4.splat, i32x4.eq
  }
  code.push(...get(OFFSET), ...i32(64), 0x6a, ...set(OFFSET));
  code.push(...get(DONE), ...get(BLOCKS), 0x49, 0x0d, 0, 0x0b); // i32.lt_u, br_if 0, end loop
  for (let i = 0; i < 8; i++) code.push(...i32(DIGESTS + 16 * i), ...get(DIGEST + i), 0xfd, 0x0b, 4, ...leb(0)); // v128.store
  return moduleOf([
    { name: "hash4", params: 2, result: false, locals: [[5, I32], [42, V128]], code },
    { name: "hashLines", params: 6, result: true, locals: [[10, I32]], code: hashLinesCode() },
  ], 1);
}

/**
 * hashLines(stride, count, prefixLength, endsAt, linesAt, keysAt) -> messages hashed (RowHashes.hashLines): each
 * message's rest copied after the prefix into a lane and padded as `end` pads it, four lanes hashed a run by hash4,
 * digest words 0 to 3 of message i written at keysAt + 4 (KEY_WINDOW w + i). Stops at a message the lanes cannot hold.
 */
function hashLinesCode(): number[] {
  const STRIDE = 0, COUNT = 1, PREFIX = 2, ENDS = 3, LINES = 4, KEYS = 5;
  const I = 6, START = 7, LANE = 8, END = 9, LENGTH = 10, AT = 11, PADDED = 12, BLOCKS = 13, BASE = 14, BITS = 15;
  const code = new Code();
  const putByte = (value: () => void) => { // at AT, then AT + 1
    code.get(AT);
    value();
    code.store8(0).get(AT).const(1).add().set(AT);
  };
  code.loop("run", () => {
    code.get(I).get(COUNT).geU().if(() => code.get(COUNT).return());
    code.const(0).set(LANE).const(0).set(BLOCKS);
    code.block("placed", () => code.loop("lane", () => {
      code.get(LANE).const(LANES).geU().brIf("placed");
      code.get(I).get(LANE).add().get(COUNT).geU().brIf("placed");
      code.get(I).get(LANE).add().const(2).shl().get(ENDS).add().load(0).set(END);
      code.get(END).get(START).sub().set(LENGTH);
      code.get(PREFIX).get(LENGTH).add().const(72).add().get(STRIDE).gtU().brIf("placed"); // as begin: longer than a lane
      code.get(LANE).get(STRIDE).mul().const(MESSAGES).add().set(BASE);
      code.get(BASE).get(PREFIX).add().get(LINES).get(START).add().get(LENGTH).copy();
      code.get(BASE).get(PREFIX).add().get(LENGTH).add().set(AT);
      code.get(PREFIX).get(LENGTH).add().const(9 + 63).add().const(~63).and().set(PADDED);
      putByte(() => code.const(0x80));
      code.get(AT).const(0).get(BASE).get(PADDED).add().const(8).sub().get(AT).sub().fill(); // zeros up to the length
      code.get(BASE).get(PADDED).add().const(8).sub().set(AT);
      code.get(PREFIX).get(LENGTH).add().set(BITS); // the message length in bits, 64 bits big-endian
      for (const shift of [53, 45, 37, 29]) putByte(() => (shift > 31 ? code.const(0) : code.get(BITS).const(shift).shrU()));
      for (const shift of [21, 13, 5]) putByte(() => code.get(BITS).const(shift).shrU());
      putByte(() => code.get(BITS).const(3).shl());
      code.get(LANE).const(2).shl().get(PADDED).const(6).shrU().store(COUNTS);
      code.get(PADDED).const(6).shrU().get(BLOCKS).gtU().if(() => code.get(PADDED).const(6).shrU().set(BLOCKS));
      code.get(END).set(START);
      code.get(LANE).const(1).add().set(LANE).br("lane");
    }));
    code.get(LANE).eqz().if(() => code.get(I).return()); // a message longer than a lane: begin and end take it
    for (let l = 1; l < LANES; l++) code.get(LANE).const(l).ltU().if(() => code.const(COUNTS + 4 * l).const(0).store(0));
    code.get(STRIDE).get(BLOCKS).call(0);
    code.const(0).set(BITS);
    code.block("kept", () => code.loop("key", () => {
      code.get(BITS).get(LANE).geU().brIf("kept");
      for (let w = 0; w < 4; w++) {
        code.get(I).get(BITS).add().const(2).shl().get(KEYS).add();
        code.get(BITS).const(2).shl().load(DIGESTS + 16 * w);
        code.store(4 * KEY_WINDOW * w);
      }
      code.get(BITS).const(1).add().set(BITS).br("key");
    }));
    code.get(I).get(LANE).add().set(I).br("run");
  });
  code.unreachable(); // the loop only returns
  return code.bytes;
}
