/**
 * Remembers which visit ids the single-threaded reader has seen in 6 bytes per slot, whatever the
 * id's length (a `Set<string>` of 10M ids takes well over 500 MB). The parallel reader, which can
 * read any line again, keeps less and checks exactly instead (visitFingerprints.ts). The hashes
 * here are the ones both use.
 *
 * Each id is hashed to 64 bits, of which 56 identify it: 8 pick one of 256 segments, 32 are
 * stored and place it in the segment, 16 more are stored beside them. Two different ids are
 * taken for one only when all 56 bits match: among 10M distinct ids the chance that any pair
 * does is about 0.07%. Segments grow one at a time and by half, not double, so growing never
 * doubles the whole set; a caller that can tell how many ids are coming sizes it once instead.
 */

const SEGMENT_BITS = 8;
const SEGMENTS = 1 << SEGMENT_BITS;
const INITIAL_SLOTS = 1 << 10;
const MAX_LOAD = 0.8;
const GROWTH = 1.5;
const TWO_TO_32 = 2 ** 32;

// The two halves of the last hash, kept here rather than in a pair allocated per id.
let hashA = 0;
let hashB = 0;

/** Where both halves of an id's hash start, before its first character. */
export const ID_HASH_START_A = 0x81_1c_9d_c5;
export const ID_HASH_START_B = 0x97_47_b2_8c;

/** Adds character code `c` to the first half of an id's hash. */
export const idHashStepA = (a: number, c: number): number => Math.imul(a ^ c, 0x01_00_01_93);

/** Adds character code `c` to the second half of an id's hash. */
export function idHashStepB(b: number, c: number): number {
  const h = Math.imul(b ^ c, 0x5b_d1_e9_95);
  return h ^ (h >>> 15);
}

function hash(text: string): void {
  let a = ID_HASH_START_A;
  let b = ID_HASH_START_B;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = idHashStepA(a, c);
    b = idHashStepB(b, c);
  }
  hashA = mix(a);
  hashB = mix(b ^ text.length);
}

/** The two halves of the last hash `hashId` or `finishIdHash` made, for `VisitIdSet.addHash`. */
export const idHash = new Uint32Array(2);

/**
 * Writes into `idHash` the hash of an id of `length` characters whose halves went through the
 * steps above, character by character: the hash `hashId` gives that id. A caller reading an ASCII
 * id's bytes hashes it on the way (a byte is then its character's code).
 */
export function finishIdHash(a: number, b: number, length: number): void {
  idHash[0] = mix(a);
  idHash[1] = mix(b ^ length);
}

/** Hashes `id` into `idHash`. */
export function hashId(id: string): void {
  hash(id);
  idHash[0] = hashA;
  idHash[1] = hashB;
}

function mix(input: number): number {
  let h = input ^ (input >>> 16);
  h = Math.imul(h, 0x85_eb_ca_6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2_b2_ae_35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The home slot of `key` among `slots`: its place in [0, 2^32) scaled, so any table size works. */
const home = (key: number, slots: number): number => Math.floor((key / TWO_TO_32) * slots);

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
    const slots = keys.length;
    for (let i = home(key, slots); ;) {
      const stored = keys[i];
      if (stored === 0) {
        keys[i] = key;
        tags[i] = tag;
        this.size++;
        return true;
      }
      if (stored === key && tags[i] === tag) return false;
      if (++i === slots) i = 0;
    }
  }

  /** Makes room for `ids` in all, so that they go in without growing. */
  public reserve(ids: number): void {
    const slots = Math.ceil(ids / MAX_LOAD);
    if (slots > this.keys.length) this.resize(slots);
  }

  private grow(): void {
    this.resize(Math.ceil(this.keys.length * GROWTH));
  }

  private resize(slots: number): void {
    const { keys: oldKeys, tags: oldTags } = this;
    this.keys = new Uint32Array(slots);
    this.tags = new Uint16Array(slots);
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j];
      if (key === 0) continue;
      let i = home(key, slots);
      while (this.keys[i] !== 0) if (++i === slots) i = 0;
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

  /**
   * Sizes the tables for about `ids` ids up front, so that a big feed neither pays for growing
   * nor leaves the tables a third empty after the last growth. More ids still fit.
   */
  public expect(ids: number): void {
    // Segments fill unevenly: room for five standard deviations above the mean (2.5% at 10M ids).
    const mean = ids / SEGMENTS;
    const perSegment = mean + 5 * Math.sqrt(mean);
    for (const segment of this.segments) segment.reserve(perSegment);
  }

  /** Adds `id`; false when it was seen before (a duplicate). */
  public add(id: string): boolean {
    hash(id);
    const added = this.segments[hashB >>> (32 - SEGMENT_BITS)].add(hashA === 0 ? 1 : hashA, hashB & 0xff_ff);
    if (added) this.count++;
    return added;
  }
}
