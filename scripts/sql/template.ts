/**
 * The snapshot aggregation as SQL, one text for every dialect: from tables or views
 * `eligibility` and `visits` with the feed columns, the rows `sf healthplan sync --snapshots`
 * takes, equal to what the streaming sync computes from the same rows. The value lists and the
 * savings defaults come from the plugin, so the SQL cannot drift from the sync's rules.
 *
 * Rules, the same as the streaming sync's (plugin/src/core/sync/duplicates.ts):
 * - text values are trimmed; a row with a blank, unknown or malformed value is rejected;
 * - of several valid visits with one visit_id, the kept one has the lowest visit_date, then
 *   the lowest health_plan_id, line_of_business, service_line, diverted_from, rating (empty
 *   first); the others are rejected as duplicates;
 * - of several valid eligibility rows for one plan × line of business × period, the kept one
 *   has the lowest eligible_members, then the lowest registered_members;
 * - average rating: half up to the cent, in integers; cost savings: exact decimals rounded to
 *   the cent with ROUND (half away from zero).
 * Not expressible here: whether the org has an Account for the plan (the sync rejects such
 * snapshot rows), and values a typed column cannot hold (a visit_date that is not a date).
 */
import { DEFAULT_ASSUMPTIONS } from '../../plugin/src/core/sync/assumptions.js';
import {
  assumptionSetValue,
  DEFAULT_ASSUMPTION_SET,
  type AssumptionSet,
} from '../../plugin/src/core/risk/model/index.js';
import { DUPLICATE_VISIT_REASON } from '../../plugin/src/core/sync/duplicates.js';
import {
  BEHAVIORAL_SERVICE_LINES,
  DIVERSIONS,
  LINES_OF_BUSINESS,
  SERVICE_LINES,
} from '../../plugin/src/core/sync/rowSchemas.js';
import { FIRST_STORED_YEAR, LAST_STORED_YEAR } from '../../plugin/src/core/sync/visitFields.js';
import { SYNTAX, type Dialect } from './dialects.js';

/** The columns of the result, in order: the `--snapshots` file format. */
export const SNAPSHOT_COLUMNS = [
  'health_plan_id',
  'line_of_business',
  'period',
  'eligible_members',
  'registered_members',
  'visits',
  'behavioral_health_visits',
  'rated_visits',
  'average_rating',
  'cost_savings',
  'savings_assumption_set',
] as const;

export type SqlQuery = 'snapshots' | 'rejects';

const quoted = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

const MAX_PLAN_ID_LENGTH = 80;

type Rule = [condition: string, reason: string];

/** Rules a row breaks, in the order the reason is picked; each condition is TRUE or FALSE, never NULL. */
function planRules(): Rule[] {
  return [
    [`health_plan_id IS NULL OR health_plan_id = ''`, 'health_plan_id is empty'],
    [
      `LENGTH(health_plan_id) > ${MAX_PLAN_ID_LENGTH}`,
      `health_plan_id is longer than ${MAX_PLAN_ID_LENGTH} characters`,
    ],
    [`health_plan_id LIKE '%|%'`, 'health_plan_id must not contain "|"'],
    [
      `line_of_business IS NULL OR line_of_business NOT IN (${quoted(LINES_OF_BUSINESS)})`,
      `line_of_business must be one of ${LINES_OF_BUSINESS.join(', ')}`,
    ],
  ];
}

function eligibilityRules(dialect: Dialect): Rule[] {
  return [
    ...planRules(),
    [`period IS NULL OR NOT (${SYNTAX[dialect].isPeriod('period')})`, 'period must be a month as YYYY-MM'],
    [
      `period < '${FIRST_STORED_YEAR}-01' OR period > '${LAST_STORED_YEAR}-12'`,
      `period must be from ${FIRST_STORED_YEAR}-01 to ${LAST_STORED_YEAR}-12, the months Salesforce stores`,
    ],
    ['eligible_members IS NULL', 'eligible_members is empty'],
    ['eligible_members < 0', 'eligible_members must not be negative'],
    ['registered_members IS NULL', 'registered_members is empty'],
    ['registered_members < 0', 'registered_members must not be negative'],
    ['registered_members > eligible_members', 'registered_members is greater than eligible_members'],
  ];
}

function visitRules(): Rule[] {
  return [
    [`visit_id IS NULL OR visit_id = ''`, 'visit_id is empty'],
    ...planRules(),
    ['visit_date IS NULL', 'visit_date is empty'],
    [
      `visit_date < DATE '${FIRST_STORED_YEAR}-01-01' OR visit_date > DATE '${LAST_STORED_YEAR}-12-31'`,
      `visit_date must be from ${FIRST_STORED_YEAR}-01-01 to ${LAST_STORED_YEAR}-12-31, the days Salesforce stores`,
    ],
    [
      `service_line IS NULL OR service_line NOT IN (${quoted(SERVICE_LINES)})`,
      `service_line must be one of ${SERVICE_LINES.join(', ')}`,
    ],
    [
      `diverted_from NOT IN (${quoted(DIVERSIONS)})`,
      'diverted_from must be er, urgent_care, primary_care, none or empty',
    ],
    ['rating IS NOT NULL AND rating NOT IN (1, 2, 3, 4, 5)', 'rating must be a whole number from 1 to 5, or empty'],
  ];
}

/** Each rule's condition ORed: one boolean filter, which engines evaluate far faster than a CASE of reasons. */
const breaksAny = (rules: Rule[]): string => rules.map(([condition]) => `(${condition})`).join('\n      OR ');

/** The first rule a row breaks, as its reason; NULL when it breaks none. */
const reasonOf = (rules: Rule[]): string =>
  `CASE\n${rules.map(([condition, reason]) => `      WHEN ${condition}\n        THEN '${reason}'`).join('\n')}\n    END`;

const ELIGIBILITY_COLUMNS = 'health_plan_id, line_of_business, period, eligible_members, registered_members';
const VISIT_COLUMNS = 'visit_id, health_plan_id, line_of_business, visit_date, service_line, diverted_from, rating';

/** The CTEs both queries share: parameters, trimmed rows, the valid ones ranked within their key. */
function commonTableExpressions(dialect: Dialect, assumptions: AssumptionSet): string {
  const s = SYNTAX[dialect];
  const c = s.byteOrder;
  return `WITH params AS (
  SELECT
    ${s.money(String(assumptions.erVisitCost))} AS er_visit_cost,
    ${s.money(String(assumptions.urgentCareVisitCost))} AS urgent_care_visit_cost,
    ${s.money(String(assumptions.primaryCareVisitCost))} AS primary_care_visit_cost,
    ${s.money(String(assumptions.telehealthVisitCost))} AS telehealth_visit_cost,
    ${setLiteral(assumptions)} AS savings_assumption_set
),
eligibility_rows AS (
  SELECT
    TRIM(health_plan_id) AS health_plan_id,
    TRIM(line_of_business) AS line_of_business,
    TRIM(period) AS period,
    eligible_members,
    registered_members
  FROM eligibility
),
eligibility_ranked AS (
  SELECT
    ${ELIGIBILITY_COLUMNS},
    ROW_NUMBER() OVER (
      PARTITION BY health_plan_id, line_of_business, period
      ORDER BY eligible_members, registered_members
    ) AS rank_in_key
  FROM eligibility_rows
  WHERE NOT (
      ${breaksAny(eligibilityRules(dialect))}
  )
),
visit_rows AS (
  SELECT
    TRIM(visit_id) AS visit_id,
    TRIM(health_plan_id) AS health_plan_id,
    TRIM(line_of_business) AS line_of_business,
    visit_date,
    TRIM(service_line) AS service_line,
    COALESCE(TRIM(diverted_from), '') AS diverted_from,
    rating
  FROM visits
),
visit_ranked AS (
  SELECT
    ${VISIT_COLUMNS},
    ROW_NUMBER() OVER (
      PARTITION BY visit_id
      ORDER BY visit_date, health_plan_id${c}, line_of_business${c}, service_line${c}, diverted_from${c},
        COALESCE(rating, 0)
    ) AS rank_in_id
  FROM visit_rows
  WHERE NOT (
      ${breaksAny(visitRules())}
  )
)`;
}

function snapshotsQuery(dialect: Dialect): string {
  const s = SYNTAX[dialect];
  const c = s.byteOrder;
  const month = s.monthOf('visit_date');
  const cents = s.intDiv('200 * j.rating_sum + j.rated_visits', '2 * j.rated_visits');
  const savings = (count: string, cost: string): string => `${count} * (p.${cost} - p.telehealth_visit_cost)`;
  return `,
visit_totals AS (
  SELECT
    health_plan_id,
    line_of_business,
    ${month} AS period,
    COUNT(*) AS visits,
    SUM(CASE WHEN service_line IN (${quoted([...BEHAVIORAL_SERVICE_LINES])}) THEN 1 ELSE 0 END) AS behavioral_health_visits,
    COUNT(rating) AS rated_visits,
    SUM(COALESCE(rating, 0)) AS rating_sum,
    SUM(CASE WHEN diverted_from = 'er' THEN 1 ELSE 0 END) AS diverted_er,
    SUM(CASE WHEN diverted_from = 'urgent_care' THEN 1 ELSE 0 END) AS diverted_urgent_care,
    SUM(CASE WHEN diverted_from = 'primary_care' THEN 1 ELSE 0 END) AS diverted_primary_care
  FROM visit_ranked
  WHERE rank_in_id = 1
  GROUP BY health_plan_id, line_of_business, ${month}
),
eligibility_kept AS (
  SELECT health_plan_id, line_of_business, period, eligible_members, registered_members
  FROM eligibility_ranked
  WHERE rank_in_key = 1
),
joined AS (
  SELECT
    COALESCE(t.health_plan_id, e.health_plan_id) AS health_plan_id,
    COALESCE(t.line_of_business, e.line_of_business) AS line_of_business,
    COALESCE(t.period, e.period) AS period,
    e.eligible_members,
    e.registered_members,
    COALESCE(t.visits, 0) AS visits,
    COALESCE(t.behavioral_health_visits, 0) AS behavioral_health_visits,
    COALESCE(t.rated_visits, 0) AS rated_visits,
    COALESCE(t.rating_sum, 0) AS rating_sum,
    COALESCE(t.diverted_er, 0) AS diverted_er,
    COALESCE(t.diverted_urgent_care, 0) AS diverted_urgent_care,
    COALESCE(t.diverted_primary_care, 0) AS diverted_primary_care
  FROM visit_totals t
  FULL OUTER JOIN eligibility_kept e
    ON t.health_plan_id = e.health_plan_id
    AND t.line_of_business = e.line_of_business
    AND t.period = e.period
)
SELECT
  j.health_plan_id,
  j.line_of_business,
  j.period,
  j.eligible_members,
  j.registered_members,
  j.visits,
  j.behavioral_health_visits,
  j.rated_visits,
  -- Half up to the cent, exactly: floor((200 × sum + n) / (2 × n)) = round(100 × sum / n).
  CASE WHEN j.rated_visits > 0 THEN ${s.fromCents(cents)} END AS average_rating,
  ROUND(
    ${savings('j.diverted_er', 'er_visit_cost')}
    + ${savings('j.diverted_urgent_care', 'urgent_care_visit_cost')}
    + ${savings('j.diverted_primary_care', 'primary_care_visit_cost')},
    2
  ) AS cost_savings,
  p.savings_assumption_set
FROM joined j
CROSS JOIN params p
ORDER BY j.health_plan_id${c}, j.line_of_business${c}, j.period${c};
`;
}

function rejectsQuery(dialect: Dialect): string {
  const text = dialect === 'bigquery' ? 'STRING' : 'VARCHAR(255)';
  return `,
eligibility_checked AS (
  SELECT ${ELIGIBILITY_COLUMNS},
    ${reasonOf(eligibilityRules(dialect))} AS reason
  FROM eligibility_rows
),
visit_checked AS (
  SELECT ${VISIT_COLUMNS},
    ${reasonOf(visitRules())} AS reason
  FROM visit_rows
)
SELECT
  'eligibility' AS feed, CAST(NULL AS ${text}) AS visit_id,
  health_plan_id, line_of_business, period, reason
FROM eligibility_checked
WHERE reason IS NOT NULL
UNION ALL
SELECT 'eligibility', NULL, health_plan_id, line_of_business, period,
  'a second eligibility row for this plan, line of business and period: the row with the fewest eligible (then registered) members is kept'
FROM eligibility_ranked
WHERE rank_in_key > 1
UNION ALL
SELECT 'visits', visit_id, health_plan_id, line_of_business, CAST(NULL AS ${text}), reason
FROM visit_checked
WHERE reason IS NOT NULL
UNION ALL
SELECT 'visits', visit_id, health_plan_id, line_of_business, NULL,
  '${DUPLICATE_VISIT_REASON}'
FROM visit_ranked
WHERE rank_in_id > 1
ORDER BY feed, visit_id, health_plan_id, line_of_business, period;
`;
}

const HEADERS: Record<SqlQuery, string> = {
  snapshots:
    'Utilization snapshots per plan × line of business × month, the rows `sf healthplan sync --snapshots` takes.',
  rejects: 'The feed rows the snapshot query leaves out, each with its reason.',
};

/**
 * The set each snapshot records (`Savings_Assumption_Set__c`, as the streaming sync writes it), as a string
 * literal all five dialects read alike: no quote or backslash, whose escaping differs between them.
 */
function setLiteral(assumptions: AssumptionSet): string {
  const value = assumptionSetValue(assumptions);
  if (/['\\]/.test(value)) throw new Error(`the savings assumption set cannot hold ' or \\: ${value}`);
  return `'${value}'`;
}

export const DEFAULT_SQL_ASSUMPTIONS: AssumptionSet = { ...DEFAULT_ASSUMPTIONS, name: DEFAULT_ASSUMPTION_SET };

/** The query for `dialect`, with the savings assumptions (and the set's name) as its parameters (the `params` CTE). */
export function renderSql(
  dialect: Dialect,
  query: SqlQuery,
  assumptions: AssumptionSet = DEFAULT_SQL_ASSUMPTIONS,
): string {
  const header = [
    `-- ${HEADERS[query]}`,
    `-- Dialect: ${SYNTAX[dialect].title}. Generated by \`npm run sql\` from scripts/sql/template.ts: edit that, not this.`,
    '-- Input: tables or views `eligibility` and `visits` with the feed columns (see the README,',
    '-- "When one machine is not enough"). Savings assumptions: the `params` CTE',
    `-- (${assumptions.source.replace(/\s+/g, ' ')}).`,
  ].join('\n');
  const body = query === 'snapshots' ? snapshotsQuery(dialect) : rejectsQuery(dialect);
  return `${header}\n${commonTableExpressions(dialect, assumptions)}${body}`;
}
