/** One measured figure of `npm run bench`; a ratio is printed when a baseline was measured in the same run. */
export type BenchRow = {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** Repeated measurements: `value` and the baseline's value are medians, this is the spread of `value`. */
  spread?: { min: number; max: number; runs: number };
  /** The target in words, e.g. "≥ 1M rows/s" or "≤ 0.5× baseline". */
  aim?: string;
};
