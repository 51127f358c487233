/**
 * The top-level members of one NDJSON record, each value as the text the producer wrote: numbers keep
 * their spelling (`1e3`, `12.0`), so the row schemas apply the same rule to NDJSON as to CSV, where
 * every value is text. A key given twice is reported, since JSON.parse would silently keep the last.
 */

export type NdjsonMembers = { members: Array<[string, string]> } | { duplicate: string };

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/** Index of the first character at or after `at` that is not a space (past the end, charCodeAt is NaN). */
function skipSpace(text: string, at: number): number {
  let i = at;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string starting with the quote at `at`. */
function stringEnd(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === 34) return i + 1;
    else i++;
  }
}

/** Index just past the member value starting at `at`: a string, an object or array (nested), or a literal. */
function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === 34) return stringEnd(text, at);
  if (first === 123 || first === 91) {
    let depth = 0;
    let i = at;
    do {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i = stringEnd(text, i);
        continue;
      }
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) depth--;
      i++;
    } while (depth > 0);
    return i;
  }
  // A literal member value is always followed by a comma, a space or the closing brace.
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 125 || isSpace(c)) return i;
    i++;
  }
}

/** Text of a member's value: strings decoded, `null` empty, anything else as written. */
function valueText(raw: string): string {
  if (raw.charCodeAt(0) === 34) return JSON.parse(raw) as string;
  return raw === 'null' ? '' : raw;
}

/**
 * Members of `text`, which JSON.parse has already accepted as one object; keys go through `normalize`
 * (header rules) before they are compared.
 */
export function ndjsonMembers(text: string, normalize: (key: string) => string): NdjsonMembers {
  const members: Array<[string, string]> = [];
  const seen = new Set<string>();
  let i = skipSpace(text, skipSpace(text, 0) + 1);
  while (text.charCodeAt(i) === 34) {
    const keyEnd = stringEnd(text, i);
    const key = normalize(JSON.parse(text.slice(i, keyEnd)) as string);
    if (seen.has(key)) return { duplicate: key };
    seen.add(key);
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = valueEnd(text, start);
    members.push([key, valueText(text.slice(start, end))]);
    // Past the comma to the next key, or past the closing brace, after which nothing but spaces follows.
    i = skipSpace(text, skipSpace(text, end) + 1);
  }
  return { members };
}
