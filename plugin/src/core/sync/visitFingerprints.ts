/**
 * The visit ids the parallel reader has met, in 4 bytes per slot: a fingerprint of each id's hash
 * and the place (a block of lines, earlierVisits.ts) where the id was met first. It answers "new" or
 * "maybe seen, at these places"; the caller settles a maybe exactly by reading those places again.
 *
 * An id's home slot comes from one 32-bit half of its hash, its fingerprint (`fingerprintBits`, 18 by
 * default) from the other; an id is compared only with the slots from its home to the first free one.
 * Filling a table to 80% passes on average ½((1/(1 − 0.8) − 1) / 0.8 − 1) = 2 full slots per id
 * (linear probing), so among n distinct ids about 2n / 2^18 are taken for a maybe: ~76 at 10M ids,
 * each settled by reading one block of lines again. The other 14 bits name 16,384 places.
 * A slot keeps no bits of its home, so a table cannot grow: when one is full, a second one twice as
 * big takes the ids that follow, and every table is searched.
 */

const MAX_LOAD = 0.8;
const MIN_SLOTS = 1 << 10;
const TWO_TO_32 = 2 ** 32;

/** The home slot of `key` among `slots`: its place in [0, 2^32) scaled, so any table size works. */
const home = (key: number, slots: number): number => Math.floor((key / TWO_TO_32) * slots);

export class VisitFingerprints {
  /**
   * The XOR of every slot `touch` read: kept, so that the compiler cannot leave those reads out
   * (a read whose value goes nowhere is removed).
   */
  public touched = 0;
  /** Places of the ids with the fingerprint of the id the last `add` turned down. */
  // Stryker disable next-line ArrayDeclaration: every add empties it before it is read
  public readonly found: number[] = [];
  private readonly tables: Uint32Array[] = [];
  /** Ids in the last table. */
  private filled = 0;
  private readonly placeBits: number;
  private readonly placeMask: number;

  /** `fingerprintBits` from 1 to 31; tests take few, so that ids are often taken for one another. */
  public constructor(fingerprintBits = 18) {
    this.placeBits = 32 - fingerprintBits;
    this.placeMask = 2 ** this.placeBits - 1;
  }

  /** Places go from 0 to this, excluded. */
  public get places(): number {
    return this.placeMask + 1;
  }

  /** Bytes held by the tables. */
  public get bytes(): number {
    return this.tables.reduce((total, table) => total + table.byteLength, 0);
  }

  /** The table new ids go to. */
  private get last(): Uint32Array {
    return this.tables[this.tables.length - 1];
  }

  /**
   * Reads, in the table new ids go to, the home slot of each of `count` ids whose `a` halves are
   * `words[from]`, `words[from + stride]`, …, into `touched`. A table of millions of ids is far
   * bigger than the CPU's caches, so `add` waits for memory on nearly every id. These reads do not
   * depend on one another, so the CPU waits for them together, and the `add`s of those ids that
   * follow find their slots cached: at 10M ids, half the time per id.
   */
  public touch(words: Uint32Array, from: number, count: number, stride: number): void {
    if (!this.tables.length) return;
    const table = this.last;
    const slots = table.length;
    let read = this.touched;
    for (let i = 0, at = from; i < count; i++, at += stride) read ^= table[home(words[at], slots)];
    this.touched = read;
  }

  /** Sizes the first table for about `ids` ids; only the first call, before any id, counts. */
  public expect(ids: number): void {
    if (!this.tables.length) this.tables.push(new Uint32Array(Math.max(MIN_SLOTS, Math.ceil(ids / MAX_LOAD))));
  }

  /**
   * Adds the id hashed `(a, b)` (`hashId`, `finishIdHash`, as uint32 or int32), met at `place`, and answers true; or,
   * when ids met before have its fingerprint, adds nothing and answers false with their places in `found`.
   */
  public add(a: number, b: number, place: number): boolean {
    const fingerprint = this.fingerprint(b);
    // Stryker disable next-line ConditionalExpression: emptying an empty list changes nothing
    if (this.found.length) this.found.length = 0;
    let free = 0;
    for (const table of this.tables) {
      const slots = table.length;
      let i = home(a >>> 0, slots);
      for (let slot = table[i]; slot !== 0; slot = table[i]) {
        if (slot >>> this.placeBits === fingerprint) this.found.push(slot & this.placeMask);
        // Stryker disable next-line ArithmeticOperator: wrapping 2 slots later reads 2 past the end, undefined, which match no fingerprint and are not free
        i = i + 1 === slots ? 0 : i + 1;
      }
      free = i;
    }
    if (this.found.length) return false;
    // Stryker disable next-line ConditionalExpression: insert finds the same free slot again, slower
    if (!this.tables.length || this.filled + 1 > this.last.length * MAX_LOAD) this.insert(a, b, place);
    else this.put(free, fingerprint, place);
    return true;
  }

  /** Adds an id `add` turned down that none of the ids at those places turned out to be. */
  public insert(a: number, b: number, place: number): void {
    // Stryker disable next-line ConditionalExpression: expect sizes only a set without tables
    if (!this.tables.length) this.expect(0);
    if (this.filled + 1 > this.last.length * MAX_LOAD) {
      this.tables.push(new Uint32Array(2 * this.last.length));
      this.filled = 0;
    }
    const table = this.last;
    const slots = table.length;
    let i = home(a >>> 0, slots);
    // Stryker disable next-line ArithmeticOperator: as in add
    while (table[i] !== 0) i = i + 1 === slots ? 0 : i + 1;
    this.put(i, this.fingerprint(b), place);
  }

  /** Halves every place kept (two neighbouring places become one), for a caller whose places outgrew `places`. */
  public coarsen(): void {
    for (const table of this.tables) {
      // Stryker disable next-line EqualityOperator: the slot past the end reads undefined and is written nowhere
      for (let i = 0; i < table.length; i++) {
        const slot = table[i];
        // Stryker disable next-line ConditionalExpression: a free slot halved stays 0
        if (slot === 0) continue;
        const place = slot & this.placeMask;
        table[i] = slot - place + (place >>> 1);
      }
    }
  }

  /** Fills the free slot `i` of the last table. */
  private put(i: number, fingerprint: number, place: number): void {
    this.last[i] = fingerprint * this.places + place;
    this.filled++;
  }

  /** The top bits of `b`, never 0 (a slot of 0 is free), so 0 and 1 are one fingerprint. */
  private fingerprint(b: number): number {
    return b >>> this.placeBits || 1;
  }
}
