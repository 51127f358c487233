export type Faults = { failRate: number; dropRate: number; latencyMs: number };

/** A small seeded generator, so a run with faults can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `drop-before`: the connection dies before the call has any effect; `drop-after`: the call takes
 * effect but its answer is lost, which is what tests whether a client's retries are idempotent.
 */
export type FaultDecision = 'drop-before' | 'drop-after' | 'fail' | 'pass';

export function decideFault(faults: Faults, random: () => number): FaultDecision {
  if (faults.dropRate > 0 && random() < faults.dropRate) return random() < 0.5 ? 'drop-before' : 'drop-after';
  if (faults.failRate > 0 && random() < faults.failRate) return 'fail';
  return 'pass';
}

export function validateRate(name: string, value: number | undefined): number {
  const rate = value ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new Error(`${name} must be between 0 and 1, got ${String(value)}`);
  return rate;
}
