import type { FieldDef } from './model.js';
import type { SqlValue } from './store.js';
import { ApiError, apiError } from './errors.js';
import { toId18 } from './ids.js';

/** Where a value came from: JSON keeps its types, CSV cells are all text. */
export type ValueSource = 'json' | 'csv';

export type Converted = { ok: true; value: SqlValue } | { ok: false; error: ApiError };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const ok = (value: SqlValue): Converted => ({ ok: true, value });
const fail = (code: string, message: string, field: FieldDef): Converted => ({
  ok: false,
  error: apiError(code, message, [field.name]),
});

function typeError(field: FieldDef, raw: unknown, source: ValueSource, expected: string): Converted {
  return source === 'json'
    ? fail(
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of ${expected} from value ${String(raw)} for field ${field.name}`,
        field,
      )
    : fail('INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${String(raw)}`, field);
}

/** A JSON value as text: scalars as `String()` writes them, objects and arrays as JSON, null as ''. */
export function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      return value === null ? '' : (JSON.stringify(value) ?? '');
  }
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Milliseconds since the epoch of an ISO date-time, its offset written `+hhmm` or `+hh:mm`; NaN when not one. */
export function parseDateTime(text: string): number {
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** Milliseconds since the epoch of a stored Date or DateTime value. */
export function toMillis(value: string): number {
  return DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value.replace(/\+0000$/, 'Z'));
}

/**
 * The days Salesforce stores: 1700-01-01 to 4000-12-31 ("Data Import Dates", Data Loader Guide;
 * knowledge article 000383587). Outside them a value is refused as one of the wrong type.
 */
const FIRST_YEAR = 1700;
const LAST_YEAR = 4000;
const FIRST_DAY_MS = Date.UTC(FIRST_YEAR, 0, 1);
/** The instant the day after the last one starts: a date-time at any hour of 4000-12-31 is before it. */
const AFTER_LAST_DAY_MS = Date.UTC(LAST_YEAR + 1, 0, 1);

function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

function convertNumber(field: FieldDef, raw: unknown, source: ValueSource): Converted {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n)) return typeError(field, raw, source, 'double');
  const precision = field.precision ?? 18;
  const scale = field.scale ?? 0;
  const integerDigits = Math.trunc(Math.abs(n)).toString().length;
  if (Math.trunc(Math.abs(n)) !== 0 && integerDigits > precision - scale) {
    return fail(
      'NUMBER_OUTSIDE_VALID_RANGE',
      `${field.label}: value outside of valid range on numeric field: ${n}`,
      field,
    );
  }
  const factor = 10 ** scale;
  return ok(Math.round(n * factor) / factor);
}

function convertText(field: FieldDef, raw: unknown, source: ValueSource): Converted {
  if (typeof raw === 'object') return typeError(field, JSON.stringify(raw), source, 'String');
  const text = scalarText(raw);
  if (field.length !== undefined && text.length > field.length) {
    return fail(
      'STRING_TOO_LONG',
      `${field.label}: data value too large: ${text.slice(0, 40)}${text.length > 40 ? '...' : ''} (max length=${field.length})`,
      field,
    );
  }
  if (field.type === 'Email' && !EMAIL.test(text)) {
    return fail('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, field);
  }
  return ok(text);
}

function convertPicklist(field: FieldDef, raw: unknown, source: ValueSource): Converted {
  const text = convertText({ ...field, length: field.type === 'MultiselectPicklist' ? 4099 : 255 }, raw, source);
  if (!text.ok) return text;
  const picklist = field.picklist;
  if (!picklist?.restricted) return text;
  const values = field.type === 'MultiselectPicklist' ? String(text.value).split(';') : [String(text.value)];
  const bad = values.find((v) => !picklist.values.includes(v));
  return bad === undefined
    ? text
    : fail(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${field.label}: bad value for restricted picklist field: ${bad}`,
        field,
      );
}

function convertReference(field: FieldDef, raw: unknown, source: ValueSource): Converted {
  const id = typeof raw === 'string' ? toId18(raw) : undefined;
  if (!id) {
    return source === 'json' && typeof raw !== 'string'
      ? typeError(field, raw, source, 'String')
      : fail('MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(raw)}`, field);
  }
  return ok(id);
}

/** Converts an incoming value to what the store keeps, or the error Salesforce would answer. */
export function convertValue(field: FieldDef, raw: unknown, source: ValueSource): Converted {
  if (raw === null || raw === undefined || (raw === '' && field.type !== 'Checkbox')) return ok(null);
  switch (field.type) {
    case 'Number':
    case 'Currency':
    case 'Percent':
      return convertNumber(field, raw, source);
    case 'Checkbox':
      if (typeof raw === 'boolean') return ok(raw ? 1 : 0);
      if (typeof raw === 'string' && /^(true|false|)$/i.test(raw)) return ok(raw.toLowerCase() === 'true' ? 1 : 0);
      return typeError(field, raw, source, 'boolean');
    case 'Date': {
      const text = typeof raw === 'string' ? raw.slice(0, 10) : '';
      return isValidDate(text) ? ok(text) : typeError(field, raw, source, 'Date');
    }
    case 'DateTime': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : NaN;
      return Number.isNaN(ms) || ms < FIRST_DAY_MS || ms >= AFTER_LAST_DAY_MS
        ? typeError(field, raw, source, 'Datetime')
        : ok(formatDateTime(ms));
    }
    case 'Picklist':
    case 'MultiselectPicklist':
      return convertPicklist(field, raw, source);
    case 'Lookup':
    case 'MasterDetail':
    case 'Id':
      return convertReference(field, raw, source);
    default:
      return convertText(field, raw, source);
  }
}

/** What the API answers for a stored value. */
export function toApiValue(field: FieldDef, value: SqlValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (field.type === 'Checkbox') return value === 1 || value === '1';
  return value;
}
