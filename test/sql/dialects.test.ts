/**
 * The files in `sql/`: current with their template, and, for the warehouses that cannot run
 * here (Snowflake, BigQuery, Databricks), accepted by a parser of that dialect —
 * node-sql-parser's Snowflake and BigQuery grammars, dt-sql-parser's Spark SQL grammar (the
 * language of Databricks SQL). Parsing is not running: these files are untested against the
 * live services (README, "When one machine is not enough").
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import NodeSqlParser from 'node-sql-parser';
import { SparkSQL } from 'dt-sql-parser';
import { DIALECTS, type Dialect } from '../../scripts/sql/dialects.js';
import { sqlFile, SQL_DIR, SQL_QUERIES } from '../../scripts/sql/main.js';
import { renderSql } from '../../scripts/sql/template.js';

const read = (dialect: Dialect, query: (typeof SQL_QUERIES)[number]): Promise<string> =>
  readFile(sqlFile(SQL_DIR, dialect, query), 'utf8');

/** Answers the parse errors of `sql` in `dialect`, none when it parses. */
function parseErrors(dialect: 'snowflake' | 'bigquery' | 'databricks', sql: string): string[] {
  if (dialect === 'databricks') {
    // The ANTLR runtime also prints each error to the console; the answer is enough here.
    const print = console.error;
    console.error = (): void => {};
    try {
      return new SparkSQL().validate(sql).map((error) => error.message);
    } finally {
      console.error = print;
    }
  }
  try {
    new NodeSqlParser.Parser().astify(sql, { database: dialect });
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** The same query with one closing parenthesis gone. */
const broken = (sql: string): string => sql.replace('COUNT(*)', 'COUNT(*');

describe('sql/: the generated files', () => {
  it('are current with scripts/sql/template.ts (run `npm run sql` after changing it)', async () => {
    for (const dialect of DIALECTS) {
      for (const query of SQL_QUERIES) {
        expect(await read(dialect, query), `sql/${dialect}/${query}.sql`).to.equal(renderSql(dialect, query));
      }
    }
  });

  for (const dialect of ['snowflake', 'bigquery', 'databricks'] as const) {
    it(`parse as ${dialect} SQL, and a broken copy does not`, async () => {
      for (const query of SQL_QUERIES) {
        const sql = await read(dialect, query);
        expect(parseErrors(dialect, sql), `sql/${dialect}/${query}.sql`).to.deep.equal([]);
      }
      expect(parseErrors(dialect, broken(await read(dialect, 'snapshots')))).to.not.deep.equal([]);
    });
  }

  it('would catch another dialect’s syntax: PostgreSQL’s regex match and collation do not parse elsewhere', () => {
    expect(parseErrors('snowflake', "SELECT 1 FROM t WHERE period ~ '^x$'")).to.not.deep.equal([]);
    expect(parseErrors('bigquery', "SELECT 1 FROM t WHERE period ~ '^x$'")).to.not.deep.equal([]);
    expect(parseErrors('databricks', 'SELECT a FROM t ORDER BY a COLLATE "C"')).to.not.deep.equal([]);
  });
});
