/**
 * Remembers which visit ids a run has seen in 6 bytes per slot, whatever the id's length
 * (a `Set<string>` of 10M ids takes well over 500 MB).
 *
 * Each id is hashed to 64 bits, of which 56 identify it: 8 pick one of 256 segments, 32 are
 * stored and place it in the segment, 16 more are stored beside them. Two different ids are
 * taken for one only when all 56 bits match: among 10M distinct ids the chance that any pair
 * does is about 0.07%. Segments grow one at a time, so growing never doubles the whole table.
 */

const SEGMENT_BITS = 8;
const SEGMENTS = 1 << SEGMENT_BITS;
const INITIAL_SLOTS = 1 << 10;
const MAX_LOAD = 0.8;

function hashPair(text: string): [number, number] {
  let a = 0x81_1c_9d_c5;
  let b = 0x97_47_b2_8c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01_00_01_93);
    b = Math.imul(b ^ c, 0x5b_d1_e9_95);
    b ^= b >>> 15;
  }
  return [mix(a), mix(b ^ text.length)];
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85_eb_ca_6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2_b2_ae_35);
  h ^= h >>> 16;
  return h >>> 0;
}

class Segment {
  public keys = new Uint32Array(INITIAL_SLOTS);
  public tags = new Uint16Array(INITIAL_SLOTS);
  public size = 0;

  public get bytes(): number {
    return this.keys.byteLength + this.tags.byteLength;
  }

  /** Adds the id's hash; false when it was there already. `key` is never 0 (0 marks a free slot). */
  public add(key: number, tag: number): boolean {
    if (this.size + 1 > this.keys.length * MAX_LOAD) this.grow();
    const { keys, tags } = this;
    const mask = keys.length - 1;
    for (let i = key & mask; ; i = (i + 1) & mask) {
      const stored = keys[i];
      if (stored === 0) {
        keys[i] = key;
        tags[i] = tag;
        this.size++;
        return true;
      }
      if (stored === key && tags[i] === tag) return false;
    }
  }

  private grow(): void {
    const { keys: oldKeys, tags: oldTags } = this;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.tags = new Uint16Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j];
      if (key === 0) continue;
      let i = key & mask;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.tags[i] = oldTags[j];
    }
  }
}

export class VisitIdSet {
  private readonly segments = Array.from({ length: SEGMENTS }, () => new Segment());
  private count = 0;

  public get size(): number {
    return this.count;
  }

  /** Bytes held by the tables. */
  public get bytes(): number {
    return this.segments.reduce((total, segment) => total + segment.bytes, 0);
  }

  /** Adds `id`; false when it was seen before (a duplicate). */
  public add(id: string): boolean {
    const [a, b] = hashPair(id);
    const added = this.segments[b >>> (32 - SEGMENT_BITS)].add(a === 0 ? 1 : a, b & 0xff_ff);
    if (added) this.count++;
    return added;
  }
}
