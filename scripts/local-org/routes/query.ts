import type { OrgState } from '../org.js';
import { QUERY_PAGE_SIZE } from '../org.js';
import { json, Router } from '../http.js';
import { HttpError, malformedQuery } from '../errors.js';
import { parseSoql, QueryRunner, type QueryRecord, type QueryResult } from '../soql/execute.js';
import { columnMetadata } from '../soql/columns.js';

const urlOf = (version: string, locator: string): string => `/services/data/v${version}/query/${locator}`;

function pageSize(header: string | string[] | undefined): number {
  const match = /batchSize=(\d+)/i.exec(String(header ?? ''));
  return match ? Math.min(QUERY_PAGE_SIZE, Math.max(200, Number(match[1]))) : QUERY_PAGE_SIZE;
}

/** SOQL: `query`, `queryAll`, `columns=true` and the `nextRecordsUrl` cursor. */
export function queryRoutes(router: Router, org: OrgState): void {
  const answer = (
    page: { result: QueryResult; records: QueryRecord[]; next?: string },
    version: string,
  ): Record<string, unknown> => ({
    totalSize: page.result.totalSize,
    done: page.next === undefined,
    ...(page.next ? { nextRecordsUrl: urlOf(version, page.next) } : {}),
    records: page.records,
  });

  const run = (
    soql: string | null,
    version: string,
    columns: boolean,
    size: number,
    allRows: boolean,
  ): Record<string, unknown> => {
    if (!soql) throw malformedQuery('The q parameter with a SOQL query is required');
    const ctx = org.queryContext(version, allRows);
    const query = parseSoql(soql);
    if (columns) return columnMetadata(ctx, query);
    const result = new QueryRunner(ctx).run(query);
    if (result.aggregate && result.rows > size) {
      throw new HttpError(
        400,
        'EXCEEDED_ID_LIMIT',
        'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
      );
    }
    return answer(
      org.readCursor(org.openCursor(result, 0), size, (locator) => urlOf(version, locator))!,
      version,
    );
  };

  const handler =
    (allRows: boolean): Parameters<Router['add']>[2] =>
    (req, [version]) =>
      json(
        200,
        run(
          req.query.get('q'),
          version,
          req.query.get('columns') === 'true',
          pageSize(req.headers['sforce-query-options']),
          allRows,
        ),
      );

  router.add('GET', '{api}/query', handler(false)).add('GET', '{api}/queryAll', handler(true));

  const next: Parameters<Router['add']>[2] = (req, [version, locator]) => {
    const size = pageSize(req.headers['sforce-query-options']);
    const page = org.readCursor(locator, size, (l) => urlOf(version, l));
    if (!page) throw new HttpError(400, 'INVALID_QUERY_LOCATOR', `invalid query locator: ${locator}`);
    return json(200, answer(page, version));
  };
  router.add('GET', '{api}/query/{locator}', next).add('GET', '{api}/queryAll/{locator}', next);
}
