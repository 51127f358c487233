/**
 * Child process of the sync benchmark: the aggregation an admin would write in DuckDB, from the two
 * feeds to the snapshot CSV that `sf data upsert bulk` loads. Run under /usr/bin/time so its peak
 * RSS is its own.
 *   node scripts/bench/duckdbChild.mjs ELIGIBILITY VISITS ACCOUNTS_CSV OUT_CSV [--rerun]
 * With --rerun the master-detail Account__c is left out: it cannot be set on rows that exist.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [eligibility, visits, accounts, out, rerun] = process.argv.slice(2);
const quote = (file) => `'${file.replace(/'/g, "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
// The same columns as the sync writes; savings use round illustrative costs (the figures do not change the work).
await db.run(`
COPY (
  WITH v AS (
    SELECT health_plan_id, line_of_business, strftime(CAST(visit_date AS DATE), '%Y-%m') AS month,
           count(*) AS visits,
           count(*) FILTER (WHERE service_line IN ('behavioral_health', 'psychiatry')) AS behavioral,
           count(rating) AS rated,
           round(avg(rating), 2) AS average_rating,
           sum(CASE diverted_from WHEN 'er' THEN 1200 - 79 WHEN 'urgent_care' THEN 180 - 79
                                  WHEN 'primary_care' THEN 120 - 79 ELSE 0 END) AS savings
    FROM read_csv(${quote(visits)}, header = true, all_varchar = false)
    GROUP BY ALL
  ), e AS (
    SELECT health_plan_id, line_of_business, period AS month, eligible_members, registered_members
    FROM read_csv(${quote(eligibility)}, header = true, types = {'period': 'VARCHAR'})
  ), k AS (
    SELECT coalesce(v.health_plan_id, e.health_plan_id) AS plan, coalesce(v.line_of_business, e.line_of_business) AS lob,
           coalesce(v.month, e.month) AS month, e.eligible_members, e.registered_members,
           coalesce(v.visits, 0) AS visits, coalesce(v.behavioral, 0) AS behavioral, coalesce(v.rated, 0) AS rated,
           v.average_rating, coalesce(v.savings, 0) AS savings
    FROM v FULL JOIN e USING (health_plan_id, line_of_business, month)
  )
  SELECT plan || '|' || lob || '|' || month AS Snapshot_Key__c, ${rerun ? '' : 'a.Id AS Account__c,'} lob AS Line_Of_Business__c,
         month || '-01' AS Period_Start__c, eligible_members AS Eligible_Members__c,
         registered_members AS Registered_Members__c, visits AS Visits__c, behavioral AS Behavioral_Health_Visits__c,
         rated AS Rated_Visits__c, average_rating AS Average_Rating__c, savings AS Cost_Savings__c
  FROM k JOIN read_csv(${quote(accounts)}, header = true) a ON a.Health_Plan_Id__c = k.plan
) TO ${quote(out)} (HEADER, DELIMITER ',')`);
const rows = await db.runAndReadAll(`SELECT count(*) FROM read_csv(${quote(out)}, header = true)`);
process.stdout.write(JSON.stringify({ snapshots: Number(rows.getRows()[0][0]) }));
