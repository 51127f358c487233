/**
 * What differs between the warehouses the aggregation runs on. Everything else in
 * `template.ts` is SQL that all five accept; these are the few expressions that are not.
 */
export const DIALECTS = ['duckdb', 'postgresql', 'snowflake', 'bigquery', 'databricks'] as const;
export type Dialect = (typeof DIALECTS)[number];

export type DialectSyntax = {
  /** Name shown in the file header. */
  title: string;
  /** An exact decimal literal for a money amount (parameters are typed, never floating point). */
  money: (amount: string) => string;
  /** True when `text` is a month `YYYY-MM` (01–12). */
  isPeriod: (text: string) => string;
  /** The `YYYY-MM` of a DATE. */
  monthOf: (date: string) => string;
  /** Integer division of two non-negative integers, rounded down, exact. */
  intDiv: (dividend: string, divisor: string) => string;
  /** A whole number of cents as an exact decimal amount with 2 places. */
  fromCents: (cents: string) => string;
  /** Appended to text columns in ORDER BY so that text orders by code point, as the streaming sync does. */
  byteOrder: string;
};

const PERIOD_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';

export const SYNTAX: Record<Dialect, DialectSyntax> = {
  duckdb: {
    title: 'DuckDB',
    money: (amount) => `CAST(${amount} AS DECIMAL(18, 4))`,
    isPeriod: (text) => `regexp_full_match(${text}, '${PERIOD_PATTERN}')`,
    monthOf: (date) => `strftime(${date}, '%Y-%m')`,
    intDiv: (a, b) => `(${a}) // (${b})`,
    fromCents: (cents) => `CAST(${cents} AS DECIMAL(18, 0)) * 0.01`,
    byteOrder: '',
  },
  postgresql: {
    title: 'PostgreSQL',
    money: (amount) => `CAST(${amount} AS NUMERIC(18, 4))`,
    isPeriod: (text) => `${text} ~ '${PERIOD_PATTERN}'`,
    monthOf: (date) => `to_char(${date}, 'YYYY-MM')`,
    intDiv: (a, b) => `div(${a}, ${b})`,
    fromCents: (cents) => `CAST(${cents} AS NUMERIC(18, 0)) * 0.01`,
    byteOrder: ' COLLATE "C"',
  },
  snowflake: {
    title: 'Snowflake',
    money: (amount) => `CAST(${amount} AS NUMBER(18, 4))`,
    isPeriod: (text) => `REGEXP_LIKE(${text}, '${PERIOD_PATTERN}')`,
    monthOf: (date) => `TO_CHAR(${date}, 'YYYY-MM')`,
    // `/` returns a scaled decimal that may round; subtracting the remainder first makes it exact.
    intDiv: (a, b) => `((${a}) - MOD(${a}, ${b})) / (${b})`,
    fromCents: (cents) => `CAST(${cents} AS NUMBER(18, 0)) * 0.01`,
    byteOrder: '',
  },
  bigquery: {
    title: 'BigQuery (GoogleSQL)',
    money: (amount) => `CAST('${amount}' AS NUMERIC)`,
    isPeriod: (text) => `REGEXP_CONTAINS(${text}, r'${PERIOD_PATTERN}')`,
    monthOf: (date) => `FORMAT_DATE('%Y-%m', ${date})`,
    intDiv: (a, b) => `DIV(${a}, ${b})`,
    // A bare 0.01 would be FLOAT64 in GoogleSQL; NUMERIC division by 100 is exact.
    fromCents: (cents) => `CAST(${cents} AS NUMERIC) / 100`,
    byteOrder: '',
  },
  databricks: {
    title: 'Databricks SQL',
    money: (amount) => `CAST(${amount} AS DECIMAL(18, 4))`,
    isPeriod: (text) => `${text} RLIKE '${PERIOD_PATTERN}'`,
    monthOf: (date) => `date_format(${date}, 'yyyy-MM')`,
    intDiv: (a, b) => `(${a}) DIV (${b})`,
    fromCents: (cents) => `CAST(${cents} AS DECIMAL(18, 0)) * 0.01`,
    byteOrder: '',
  },
};
