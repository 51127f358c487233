const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** The 3-character suffix that makes a 15-character id unique when compared case-insensitively. */
export function checksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += CHECKSUM_CHARS[bits];
  }
  return suffix;
}

/** An 18-character id from a key prefix and a sequence number; ids sort in creation order. */
export function makeId(keyPrefix: string, sequence: number): string {
  // Built from character codes: one flat string rather than a chain of concatenations, for ids kept by the million.
  const codes = [keyPrefix.charCodeAt(0), keyPrefix.charCodeAt(1), keyPrefix.charCodeAt(2), 48, 72, 112];
  const digits: number[] = [];
  let n = sequence;
  do {
    digits.push(BASE62.charCodeAt(n % 62));
    n = Math.floor(n / 62);
  } while (n > 0);
  for (let i = digits.length; i < 9; i++) codes.push(48);
  for (let i = digits.length - 1; i >= 0; i--) codes.push(digits[i]);
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = codes[chunk * 5 + i];
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    codes.push(CHECKSUM_CHARS.charCodeAt(bits));
  }
  return String.fromCharCode(...codes);
}

/** Accepts 15 or 18 characters; answers the 18-character form, or undefined when it is not an id. */
export function toId18(value: string): string | undefined {
  if (!ID_PATTERN.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  const id18 = id15 + checksum(id15);
  return value.length === 18 && value.slice(15) !== id18.slice(15) ? undefined : id18;
}

/** Key prefixes `a00`, `a01`, ... for custom objects and `m00`, ... for custom metadata types. */
export function generatedKeyPrefix(letter: 'a' | 'm', index: number): string {
  return letter + BASE62[Math.floor(index / 62) % 62] + BASE62[index % 62];
}

export function randomWord(length: number, random: () => number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += chars[Math.floor(random() * chars.length)];
  return out;
}
