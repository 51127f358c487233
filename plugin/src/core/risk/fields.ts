/** Reading loosely typed SOQL values (JSON numbers, strings, nulls) into the model's plain types. */

export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** `YYYY-MM-DD` from a Date or DateTime field value. */
export function dateOrNull(value: unknown): string | null {
  const text = stringOrNull(value);
  return text && /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : null;
}

/** Child subquery results: `{ records: [...] }` or null when there are none. */
export function childRecords<T>(value: unknown): T[] {
  const records = (value as { records?: T[] } | null | undefined)?.records;
  return Array.isArray(records) ? records : [];
}

/** SOQL string literal: quotes and backslashes escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
