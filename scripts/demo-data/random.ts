/**
 * Seeded randomness for the demo data: a mulberry32 generator and streams derived from a seed
 * plus a key, so that any part of the dataset (one plan, one month of visits) can be produced
 * on its own, in any order, with the same result.
 */

/** 32-bit FNV-1a hash of a string, used to derive a stream's seed from its key. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class Rng {
  private state: number;

  public constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream for `key` under `seed`: independent of every other key. */
  public static derive(seed: number, ...key: Array<string | number>): Rng {
    return new Rng(hash32(`${seed}|${key.join('|')}`));
  }

  /** Uniform in [0, 1) (mulberry32). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  public between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both included. */
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  public chance(probability: number): boolean {
    return this.next() < probability;
  }

  public pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A value chosen with probability proportional to its weight. */
  public weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [value, weight] of choices) {
      point -= weight;
      if (point < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  /** Standard normal (Box–Muller). */
  public normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A Poisson count with mean `lambda` (normal approximation above 30). */
  public poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** A copy of `items` in random order (Fisher–Yates). */
  public shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

/** A weighted choice prepared once and drawn many times (the hot path of the visit stream). */
export class WeightedChoice<T> {
  private readonly values: T[];
  private readonly bounds: number[];

  public constructor(choices: ReadonlyArray<readonly [T, number]>) {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let running = 0;
    this.values = choices.map(([value]) => value);
    this.bounds = choices.map(([, weight]) => (running += weight / total));
  }

  public draw(rng: Rng): T {
    const point = rng.next();
    const last = this.values.length - 1;
    for (let i = 0; i < last; i++) {
      if (point < this.bounds[i]) return this.values[i];
    }
    return this.values[last];
  }
}
