// The distribution of a regression target, for the requester's pictures (the data preview and "Before you post"):
// rows counted in equal ranges between the smallest and the largest value, each set of values (training, test, or all
// rows) a series over the same ranges.

export interface Histogram {
  /** Each range as "from to to", in the target's unit. */
  bins: string[];
  series: { label: string; values: number[] }[];
}

/** The most ranges a histogram has. */
const MAX_BINS = 20;

/** `sets` counted in at most MAX_BINS equal ranges (fewer when the values are few); non-finite values are left out. */
export function histogram(sets: { label: string; values: ArrayLike<number> }[]): Histogram {
  let min = Infinity;
  let max = -Infinity;
  const distinct = new Set<number>();
  for (const { values } of sets) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (!Number.isFinite(value)) continue;
      if (value < min) min = value;
      if (value > max) max = value;
      if (distinct.size <= MAX_BINS) distinct.add(value);
    }
  }
  if (min > max) return { bins: [], series: sets.map(({ label }) => ({ label, values: [] })) };
  const count = Math.min(MAX_BINS, distinct.size);
  const width = (max - min) / count;
  const binOf = (value: number) => (width === 0 ? 0 : Math.min(count - 1, Math.floor((value - min) / width)));
  const series = sets.map(({ label, values }) => {
    const counts = new Array<number>(count).fill(0);
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) counts[binOf(values[i])]++;
    return { label, values: counts };
  });
  const shown = (value: number) => String(Number(value.toPrecision(4)));
  const bins = Array.from({ length: count }, (_, i) => (width === 0 ? shown(min) : `${shown(min + i * width)} to ${shown(min + (i + 1) * width)}`));
  return { bins, series };
}

/** The histogram of a split's fixed-point targets, in the target's unit. */
export function targetHistogram(targets: { decimals: number; training: Int32Array; test: Int32Array }): Histogram {
  const scale = 10 ** targets.decimals;
  const inUnit = (values: Int32Array) => Float64Array.from(values, (value) => value / scale);
  return histogram([{ label: "Training rows", values: inUnit(targets.training) }, { label: "Test rows", values: inUnit(targets.test) }]);
}
