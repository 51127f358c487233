/**
 * Writes sql/<dialect>/{snapshots,rejects}.sql from the template: `npm run sql`, or
 * `npm run sql -- --assumptions FILE --out DIR` for a set with other savings assumptions.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_ASSUMPTION_SET } from '../../plugin/src/core/risk/model/index.js';
import { loadAssumptions } from '../../plugin/src/core/sync/assumptions.js';
import { DIALECTS } from './dialects.js';
import { renderSql, type SqlQuery } from './template.js';

export const SQL_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql');
export const SQL_QUERIES: readonly SqlQuery[] = ['snapshots', 'rejects'];

export const sqlFile = (dir: string, dialect: string, query: SqlQuery): string =>
  path.join(dir, dialect, `${query}.sql`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { assumptions: { type: 'string' }, out: { type: 'string' } } });
  // Named as the sync names a file's set, so snapshots loaded with --snapshots record the same set.
  const name = values.assumptions ? `file:${path.basename(values.assumptions)}` : DEFAULT_ASSUMPTION_SET;
  const assumptions = { ...(await loadAssumptions(values.assumptions)), name };
  const out = values.out ?? SQL_DIR;
  for (const dialect of DIALECTS) {
    await mkdir(path.join(out, dialect), { recursive: true });
    for (const query of SQL_QUERIES) {
      await writeFile(sqlFile(out, dialect, query), renderSql(dialect, query, assumptions));
    }
  }
  process.stdout.write(`SQL for ${DIALECTS.join(', ')} written to ${out}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
