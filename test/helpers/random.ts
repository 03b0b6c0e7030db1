// Reproducible test data for the contract tests, the UI's tests and the benchmark scripts: every generator replays
// exactly from its seed.

/** Deterministic PRNG (mulberry32), so that random tests and benchmarks replay exactly from their seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomLabels(random: () => number, size: number, numClasses: number): Uint8Array {
  const labels = new Uint8Array(size);
  for (let i = 0; i < size; i++) labels[i] = Math.floor(random() * numClasses);
  return labels;
}

/** `size` bytes of xorshift32 output (state ^= state << 13; ^= >>> 17; ^= << 5), little-endian words. */
export function* generated(seed: number, size: number, piece = 1 << 20): Generator<Uint8Array> {
  let state = seed >>> 0;
  for (let offset = 0; offset < size; offset += piece) {
    const out = new Uint8Array(Math.min(piece, size - offset));
    for (let i = 0; i < out.length; i += 4) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      for (let b = 0; b < 4 && i + b < out.length; b++) out[i + b] = (state >>> (8 * b)) & 0xff;
    }
    yield out;
  }
}

/** A copy of `labels` with exactly `wrong` items (the first ones) changed to another class. */
export function predictionsWithErrors(labels: Uint8Array, wrong: number, numClasses: number): Uint8Array {
  const predictions = Uint8Array.from(labels);
  for (let i = 0; i < wrong; i++) predictions[i] = (labels[i] + 1) % numClasses;
  return predictions;
}

