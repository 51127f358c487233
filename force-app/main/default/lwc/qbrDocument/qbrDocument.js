// Generated from plugin/src/core/qbr/document by `npm run build:lwc-model`. Do not edit: change the source and rebuild.

// plugin/src/core/qbr/document/buildQbr.ts
import { parseAssumptionSet, savingsFigures } from 'c/healthPlanModel';

// plugin/src/core/qbr/document/figures.ts
import { feesForMonths, formatNumber, monthIndex, returnOnInvestment } from 'c/healthPlanModel';
var TOTAL_SCOPE = 'All lines';
var DECIMALS = { count: 0, percent: 1, money: 0, rate: 1, ratio: 2, rating: 2 };
function figureText(value2, unit) {
    if (value2 === null) return '\u2014';
    const digits = formatNumber(value2, DECIMALS[unit]);
    switch (unit) {
        case 'percent':
            return `${digits}%`;
        case 'money':
            return value2 < 0 ? `-$${digits.slice(1)}` : `$${digits}`;
        case 'ratio':
            return `${digits}\xD7`;
        default:
            return digits;
    }
}
function figure(id, label, value2, unit, from = {}) {
    const finite = value2 !== null && Number.isFinite(value2) ? value2 : null;
    return {
        id,
        label,
        value: finite,
        unit,
        text: figureText(finite, unit),
        months: from.months ?? [],
        keys: from.keys ?? [],
        ...(from.origin ? { origin: from.origin } : {})
    };
}
var sum = (rows, pick) => rows.reduce((total, row) => total + (pick(row) ?? 0), 0);
var ratio = (part, whole, scale = 1) => (whole > 0 ? (part / whole) * scale : null);
function lineFigures(scope, period, snapshots, contracts) {
    const rows = snapshots
        .filter((row) => period.months.includes(row.periodStart.slice(0, 7)))
        .filter((row) => scope === TOTAL_SCOPE || row.lineOfBusiness === scope)
        .sort((a, b) => a.key.localeCompare(b.key));
    const keys = rows.map((row) => row.key);
    const months = [...new Set(rows.map((row) => row.periodStart.slice(0, 7)))].sort();
    const id = (measure) => `${scope}.${period.id}.${measure}`;
    const all = { months, keys };
    const latest = months[months.length - 1];
    const latestRows = rows.filter((row) => row.periodStart.startsWith(latest ?? '-'));
    const atLatest = { months: latest ? [latest] : [], keys: latestRows.map((row) => row.key) };
    const eligible = latestRows.length ? sum(latestRows, (row) => row.eligibleMembers) : null;
    const registered = latestRows.length ? sum(latestRows, (row) => row.registeredMembers) : null;
    const visits = rows.length ? sum(rows, (row) => row.visits) : null;
    const memberMonths = sum(rows, (row) => row.eligibleMembers);
    const savings = rows.length ? sum(rows, (row) => row.costSavings) : null;
    const scopeContracts = scope === TOTAL_SCOPE ? contracts : contracts.filter((c) => c.lineOfBusiness === scope);
    const fees = rows.length
        ? feesForMonths(
              scopeContracts,
              rows,
              period.months.map((month) => monthIndex(`${month}-01`))
          )
        : null;
    const rated = sum(rows, (row) => (row.averageRating === null ? 0 : row.ratedVisits));
    const ratingPoints = sum(rows, (row) => (row.averageRating ?? 0) * (row.ratedVisits ?? 0));
    return {
        lineOfBusiness: scope,
        eligible: figure(id('eligible'), 'Eligible members', eligible, 'count', atLatest),
        registered: figure(id('registered'), 'Registered members', registered, 'count', atLatest),
        registrationRate: figure(
            id('registrationRate'),
            'Registration rate',
            registered === null || eligible === null ? null : ratio(registered, eligible, 100),
            'percent',
            atLatest
        ),
        visits: figure(id('visits'), 'Visits', visits, 'count', all),
        visitsPer1000: figure(
            id('visitsPer1000'),
            'Visits per 1,000 members (annualized)',
            visits === null ? null : ratio(visits * 12 * 1e3, memberMonths),
            'rate',
            all
        ),
        behavioralShare: figure(
            id('behavioralShare'),
            'Behavioral-health share of visits',
            ratio(
                sum(rows, (row) => row.behavioralHealthVisits),
                visits ?? 0,
                100
            ),
            'percent',
            all
        ),
        savings: figure(id('savings'), 'Cost savings', savings, 'money', all),
        fees: figure(id('fees'), 'Fees', fees, 'money', all),
        roi: figure(
            id('roi'),
            'Return on investment (savings \xF7 fees)',
            savings === null || fees === null ? null : returnOnInvestment(savings, fees),
            'ratio',
            all
        ),
        rating: figure(id('rating'), 'Average visit rating (1\u20135)', ratio(ratingPoints, rated), 'rating', all),
        ratedVisits: figure(id('ratedVisits'), 'Rated visits', rows.length ? rated : null, 'count', all)
    };
}

// plugin/src/core/qbr/document/quarters.ts
var QUARTER = /^(\d{4})-Q([1-4])$/;
function isQuarter(text) {
    return QUARTER.test(text);
}
function quarterIndex(quarter) {
    const match = QUARTER.exec(quarter);
    if (!match) throw new RangeError(`${quarter} is not a quarter like 2026-Q3`);
    return Number(match[1]) * 4 + Number(match[2]) - 1;
}
function quarterId(index) {
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}
function quarterPeriod(index) {
    const year = Math.floor(index / 4);
    const first = (index % 4) * 3 + 1;
    const months = [first, first + 1, first + 2].map((month) => `${year}-${String(month).padStart(2, '0')}`);
    return { id: quarterId(index), label: `Q${(index % 4) + 1} ${year}`, months };
}
function lastCompleteQuarter(day) {
    const current = Number(day.slice(0, 4)) * 4 + Math.floor((Number(day.slice(5, 7)) - 1) / 3);
    return quarterId(current - 1);
}

// plugin/src/core/qbr/document/method.ts
var METHOD = [
    'Every figure is computed from the Utilization_Snapshot__c records of the health plan: one per line of business and month, loaded nightly from the platform feeds.',
    'Membership (eligible, registered, registration rate) is taken from the latest month of the period; visits, savings, fees and ratings add up every month of the period.',
    'Cost savings count only visits that name the care they replaced: the avoided cost of that care minus the cost of the telehealth visit, with the assumptions listed in the value section.',
    'Fees are the contract fees of every contract active in each month: the PMPM fee times the eligible members of its line of business, plus the per-visit fee times its visits. ROI is cost savings divided by fees over the same months.',
    'Arrows compare the quarter with the quarter before and with the same quarter a year earlier; a change within one percent is shown as flat.'
];
var DEFINITIONS = [
    { term: 'Eligible members', text: 'Members of the plan covered by the telehealth benefit in the month.' },
    { term: 'Registered members', text: 'Eligible members who have created a telehealth account.' },
    { term: 'Registration rate', text: 'Registered members divided by eligible members.' },
    {
        term: 'Visits per 1,000 (annualized)',
        text: 'Visits divided by member-months (eligible members summed over the months), times 12 and 1,000.'
    },
    { term: 'Behavioral-health share', text: 'Behavioral-health and psychiatry visits divided by all visits.' },
    {
        term: 'Average rating',
        text: 'Members\u2019 visit ratings from 1 to 5, weighted by the number of rated visits.'
    },
    { term: 'ROI', text: 'Cost savings divided by fees for the same months.' }
];

// plugin/src/core/qbr/document/risks.ts
var STATEMENTS = {
    Utilization_Trend: {
        title: 'Fewer members are using the service than before',
        text: 'Visits per member have fallen in recent months. We propose a member campaign with your marketing team to bring them back.'
    },
    Utilization_Vs_Target: {
        title: 'Use is below the level we agreed',
        text: "Visits per 1,000 members are under the account plan's target. We propose outreach to the lines of business furthest from it."
    },
    Registration_Vs_Target: {
        title: 'Fewer members have registered than we planned',
        text: 'We propose registration prompts in your member communications, ID cards and portal.'
    },
    Rating_Vs_Target: {
        title: 'Member satisfaction is below our shared target',
        text: 'We are reviewing visit feedback with our clinical team and will report the changes at the next review.'
    },
    Cost_Savings_Vs_Target: {
        title: 'Savings are below the agreed target',
        text: 'We propose steering more urgent needs from the emergency room to telehealth, together with your care-management team.'
    },
    Relationship_Health: {
        title: 'We would like more time with your leadership',
        text: 'Regular executive reviews help us act on your priorities sooner. We propose a standing review each quarter.'
    },
    Objectives_Off_Track: {
        title: 'Some joint objectives are behind schedule',
        text: 'The account plan section lists them. We propose agreeing new dates and owners at this review.'
    },
    Days_To_Renewal: {
        title: 'The agreement is up for renewal soon',
        text: 'We propose starting the renewal conversation now, with this review as its basis.'
    }
};
var MAX_RISKS = 4;
function riskStatements(drivers) {
    return [...drivers]
        .filter((driver) => driver.contribution > 0 && STATEMENTS[driver.factor])
        .sort((a, b) => b.contribution - a.contribution)
        .slice(0, MAX_RISKS)
        .map((driver) => STATEMENTS[driver.factor]);
}

// plugin/src/core/qbr/document/buildQbr.ts
var LINE_ORDER = ['Commercial', 'Medicare', 'Medicaid', 'Exchange'];
var STATUS_ORDER = ['Off Track', 'At Risk', 'On Track', 'Not Started', 'Done'];
var FLAT_WITHIN = 0.01;
function buildQbr(input) {
    const index = quarterIndex(input.quarter);
    const quarter = quarterPeriod(index);
    const previousQuarter = quarterPeriod(index - 1);
    const lastYearQuarter = quarterPeriod(index - 4);
    const inQuarter = input.snapshots.filter((row) => quarter.months.includes(row.periodStart.slice(0, 7)));
    const lineNames = orderedLines([
        ...inQuarter.map((row) => row.lineOfBusiness),
        ...(inQuarter.length ? [] : input.contracts.map((contract) => contract.lineOfBusiness ?? ''))
    ]);
    const of = (scope, period) => lineFigures(scope, period, input.snapshots, input.contracts);
    const lines = lineNames.map((name) => of(name, quarter));
    const total = of(TOTAL_SCOPE, quarter);
    const previousTotal = of(TOTAL_SCOPE, previousQuarter);
    const lastYearTotal = of(TOTAL_SCOPE, lastYearQuarter);
    const summary2 = summaryRows(input.accountPlan, total, previousTotal, lastYearTotal);
    const charts = lineCharts(lineNames, [lastYearQuarter, previousQuarter, quarter], of);
    const assumptions = assumptionViews(input, inQuarter);
    const figures = uniqueFigures([
        ...summary2.flatMap((row) => [row.current, row.previous, row.lastYear, ...(row.target ? [row.target] : [])]),
        ...[...lines, total].flatMap(lineFigureList),
        ...charts.flatMap((chart) => chart.series.flatMap((series) => series.figures)),
        ...assumptions.flatMap((view) => view.figures)
    ]);
    return {
        title: `Quarterly business review: ${input.plan.name}, ${quarter.label}`,
        planName: input.plan.name,
        healthPlanId: input.plan.healthPlanId,
        quarter,
        previousQuarter,
        lastYearQuarter,
        generatedOn: input.generatedOn,
        empty: inQuarter.length === 0,
        cover: {
            accountTeam: input.accountTeam,
            executiveSponsor: input.executiveSponsor,
            planYear: input.accountPlan?.planYear ?? null
        },
        summary: summary2,
        lines,
        total,
        charts,
        assumptions,
        accountPlan: input.accountPlan && accountPlanSection(input.accountPlan),
        risks: riskStatements(input.riskDrivers),
        appendix: { method: METHOD, definitions: DEFINITIONS, sources: sourceRows(figures) },
        figures
    };
}
function orderedLines(names) {
    const present = new Set(names.filter(Boolean));
    const known = LINE_ORDER.filter((name) => present.has(name));
    const others = [...present].filter((name) => !LINE_ORDER.includes(name)).sort();
    return [...known, ...others];
}
function lineFigureList(line) {
    return [
        line.eligible,
        line.registered,
        line.registrationRate,
        line.visits,
        line.visitsPer1000,
        line.behavioralShare,
        line.savings,
        line.fees,
        line.roi,
        line.rating,
        line.ratedVisits
    ];
}
function trend(current, earlier) {
    if (current.value === null || earlier.value === null) return null;
    const change = current.value - earlier.value;
    if (Math.abs(change) <= Math.abs(earlier.value) * FLAT_WITHIN) return 'flat';
    return change > 0 ? 'up' : 'down';
}
function summaryRows(plan, current, previous, lastYear) {
    const origin = plan ? `Account plan ${plan.name}` : void 0;
    const target = (id, label, value2, unit) =>
        value2 === null || value2 === void 0 ? null : figure(`target.${id}`, label, value2, unit, { origin });
    const annualSavings = plan?.targetCostSavings ?? null;
    const targets = {
        registrationRate: target(
            'registrationRate',
            'Target registration rate',
            plan?.targetRegistrationRate,
            'percent'
        ),
        visitsPer1000: target(
            'visitsPer1000',
            'Target visits per 1,000 (annualized)',
            plan?.targetVisitsPer1000,
            'rate'
        ),
        savings: target(
            'quarterSavings',
            'Target cost savings for the quarter (a quarter of the annual target)',
            annualSavings === null ? null : annualSavings / 4,
            'money'
        ),
        rating: target('rating', 'Target average rating', plan?.targetRating, 'rating')
    };
    const measures = ['eligible', 'registrationRate', 'visitsPer1000', 'behavioralShare', 'savings', 'roi', 'rating'];
    return measures.map((measure) => {
        const row = current[measure];
        const goal = targets[measure] ?? null;
        return {
            measure,
            label: row.label,
            current: row,
            target: goal,
            meetsTarget: goal?.value == null || row.value === null ? null : row.value >= goal.value,
            previous: previous[measure],
            lastYear: lastYear[measure],
            vsPrevious: trend(row, previous[measure]),
            vsLastYear: trend(row, lastYear[measure])
        };
    });
}
function lineCharts(lineNames, periods, of) {
    const byPeriod = periods.map((period) => ({ period, lines: lineNames.map((name) => of(name, period)) }));
    const chart = (id, title, unit) => ({
        id,
        title,
        unit,
        categories: lineNames,
        series: byPeriod.map(({ period, lines }) => ({
            period: period.id,
            label: period.label,
            figures: lines.map((line) => line[id])
        }))
    });
    return [
        chart('visitsPer1000', 'Visits per 1,000 members (annualized)', 'rate'),
        chart('registrationRate', 'Registration rate', 'percent'),
        chart('behavioralShare', 'Behavioral-health share of visits', 'percent')
    ];
}
var UNRECORDED = 'Not recorded';
function assumptionViews(input, inQuarter) {
    const monthsBySet = /* @__PURE__ */ new Map();
    for (const row of inQuarter) {
        const value2 = row.savingsAssumptionSet ?? UNRECORDED;
        const months = monthsBySet.get(value2) ?? /* @__PURE__ */ new Set();
        months.add(row.periodStart.slice(0, 7));
        monthsBySet.set(value2, months);
    }
    return [...monthsBySet.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([value2, months]) => {
            const set = parseAssumptionSet(value2 === UNRECORDED ? null : value2);
            if (!set) {
                return {
                    set: UNRECORDED,
                    source: 'These snapshots were loaded before the sync recorded its savings assumptions; run the sync again to record them.',
                    figures: [],
                    months: [...months].sort()
                };
            }
            const origin = `Savings assumption set ${set.name}`;
            return {
                set: set.name,
                source: fullSource(set.source, input.assumptionSources[set.name]),
                figures: savingsFigures(set).map((item) =>
                    figure(`assumption.${set.name}.${item.key}`, item.label, item.amount, 'money', { origin })
                ),
                months: [...months].sort()
            };
        });
}
function fullSource(recorded, orgSource) {
    return orgSource && orgSource.length > recorded.length && orgSource.startsWith(recorded) ? orgSource : recorded;
}
function accountPlanSection(plan) {
    const byDue = (a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999');
    const statuses = [...new Set(plan.objectives.map((objective) => objective.status ?? 'No status'))].sort(
        (a, b) => rank(a) - rank(b)
    );
    const groups = statuses.map((status) => ({
        status,
        objectives: plan.objectives.filter((objective) => (objective.status ?? 'No status') === status).sort(byDue)
    }));
    return {
        name: plan.name,
        status: plan.status,
        strategy: plan.strategy,
        nextReviewDate: plan.nextReviewDate,
        groups,
        done: plan.objectives.filter((objective) => objective.status === 'Done').sort(byDue),
        next: plan.objectives.filter((objective) => objective.status !== 'Done').sort(byDue)
    };
}
function rank(status) {
    const at = STATUS_ORDER.indexOf(status);
    return at < 0 ? STATUS_ORDER.length : at;
}
function uniqueFigures(figures) {
    const byId = /* @__PURE__ */ new Map();
    for (const item of figures) if (!byId.has(item.id)) byId.set(item.id, item);
    return [...byId.values()];
}
function sourceRows(figures) {
    const rows = /* @__PURE__ */ new Map();
    for (const item of figures) {
        if (!item.keys.length) continue;
        const [scope, period] = item.id.split('.');
        const id = `${scope}|${period}|${item.keys.join(',')}`;
        const row = rows.get(id) ?? { scope, period, months: item.months, keys: item.keys, figures: [] };
        if (!row.figures.includes(item.label)) row.figures.push(item.label);
        rows.set(id, row);
    }
    return [...rows.values()];
}

// plugin/src/core/qbr/document/html.ts
var ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}
function figureSpan(item, tag = 'span') {
    return `<${tag} data-figure="${escapeHtml(item.id)}">${escapeHtml(item.text)}</${tag}>`;
}

// plugin/src/core/qbr/document/charts.ts
var WIDTH = 640;
var HEIGHT = 220;
var TOP = 24;
var BOTTOM = 40;
var COLORS = ['#b0c4de', '#5b8fd1', '#0b5cab'];
function chartSvg(chart) {
    const values = chart.series.flatMap((series) => series.figures.map((item) => item.value ?? 0));
    const max = Math.max(0, ...values);
    const titleId = `chart-${chart.id}`;
    if (!chart.categories.length || max <= 0) {
        return `<p class="qbr-muted">${escapeHtml(chart.title)}: no data for these quarters.</p>`;
    }
    const plot = HEIGHT - TOP - BOTTOM;
    const groupWidth = WIDTH / chart.categories.length;
    const barWidth = Math.min(48, (groupWidth * 0.8) / chart.series.length);
    const bars = chart.categories.flatMap((category, c) => {
        const groupLeft = c * groupWidth + (groupWidth - barWidth * chart.series.length) / 2;
        const groupBars = chart.series.map((series, s) => {
            const item = series.figures[c];
            const height = ((item.value ?? 0) / max) * plot;
            const x = groupLeft + s * barWidth;
            const y = TOP + plot - height;
            return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLORS[s % COLORS.length]}"></rect><text x="${(x + (barWidth - 4) / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="qbr-bar-label">${figureSpan(item, 'tspan')}</text>`;
        });
        const label = `<text x="${(c * groupWidth + groupWidth / 2).toFixed(1)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle" class="qbr-axis-label">${escapeHtml(category)}</text>`;
        return [...groupBars, label];
    });
    const legend = chart.series
        .map(
            (series, s) =>
                `<span class="qbr-legend-item"><span class="qbr-swatch" style="background:${COLORS[s % COLORS.length]}"></span>${escapeHtml(series.label)}</span>`
        )
        .join('');
    return `<figure class="qbr-chart"><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${titleId}" preserveAspectRatio="xMidYMid meet"><title id="${titleId}">${escapeHtml(chart.title)} by line of business; the same numbers are in the table.</title><line x1="0" y1="${TOP + plot}" x2="${WIDTH}" y2="${TOP + plot}" stroke="#706e6b"></line>${bars.join('')}</svg><figcaption><strong>${escapeHtml(chart.title)}</strong><span class="qbr-legend">${legend}</span></figcaption></figure>`;
}

// plugin/src/core/qbr/document/styles.ts
var QBR_STYLES = `
.qbr-doc { font-family: Inter, 'Salesforce Sans', Arial, sans-serif; color: #181818; font-size: 10pt; line-height: 1.4; }
.qbr-doc * { box-sizing: border-box; }
.qbr-doc .qbr-section { break-before: page; padding: 0; }
.qbr-doc .qbr-section:first-child { break-before: auto; }
.qbr-doc h1 { font-size: 28pt; margin: 0 0 8pt; line-height: 1.15; overflow-wrap: anywhere; }
.qbr-doc h2 { font-size: 16pt; margin: 0 0 10pt; color: #0b5cab; overflow-wrap: anywhere; }
.qbr-doc h3 { font-size: 12pt; margin: 14pt 0 6pt; break-after: avoid; }
.qbr-doc h4 { font-size: 10pt; margin: 8pt 0 4pt; }
.qbr-doc p, .qbr-doc li, .qbr-doc dd { overflow-wrap: anywhere; }
.qbr-doc .qbr-cover { padding-top: 1.6in; }
.qbr-doc .qbr-kicker { text-transform: uppercase; letter-spacing: 0.08em; color: #444; margin: 0 0 6pt; }
.qbr-doc .qbr-quarter { font-size: 18pt; color: #0b5cab; margin: 0 0 36pt; }
.qbr-doc .qbr-cover-grid, .qbr-doc .qbr-two { display: grid; grid-template-columns: 1fr 1fr; gap: 18pt; }
.qbr-doc .qbr-cover-grid h2 { font-size: 12pt; color: #181818; }
.qbr-doc .qbr-muted { color: #5c5c5c; }
.qbr-doc .qbr-note { background: #f3f3f3; border-left: 3pt solid #0b5cab; padding: 6pt 8pt; }
.qbr-doc .qbr-list { margin: 0; padding-left: 14pt; }
.qbr-doc table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 10pt; break-inside: auto; }
.qbr-doc caption { text-align: left; font-weight: 600; padding: 0 0 4pt; }
.qbr-doc th, .qbr-doc td { border-bottom: 0.5pt solid #c9c9c9; padding: 3pt 4pt; text-align: right; vertical-align: top; overflow-wrap: anywhere; }
.qbr-doc th[scope='row'], .qbr-doc thead th:first-child { text-align: left; }
.qbr-doc thead th { font-weight: 600; border-bottom: 1pt solid #444; }
.qbr-doc tr { break-inside: avoid; }
.qbr-doc .qbr-total th, .qbr-doc .qbr-total td { font-weight: 700; border-top: 1pt solid #444; }
.qbr-doc .qbr-strong { font-weight: 700; }
.qbr-doc .qbr-trend { display: inline-block; width: 10pt; font-size: 8pt; }
.qbr-doc .qbr-up { color: #2e844a; }
.qbr-doc .qbr-down { color: #ba0517; }
.qbr-doc .qbr-flat { color: #5c5c5c; }
.qbr-doc .qbr-met { color: #2e844a; font-size: 8pt; }
.qbr-doc .qbr-missed { color: #ba0517; font-size: 8pt; }
.qbr-doc .qbr-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.qbr-doc .qbr-chart-row { display: grid; grid-template-columns: 1fr 1fr; gap: 12pt; align-items: start; break-inside: avoid; margin: 6pt 0 8pt; }
.qbr-doc .qbr-chart { margin: 0; }
.qbr-doc .qbr-chart svg { width: 100%; height: auto; display: block; }
.qbr-doc .qbr-bar-label { font-size: 13px; fill: #181818; }
.qbr-doc .qbr-axis-label { font-size: 14px; fill: #181818; }
.qbr-doc figcaption { font-size: 9pt; margin-top: 2pt; }
.qbr-doc .qbr-legend { display: block; }
.qbr-doc .qbr-legend-item { margin-right: 10pt; white-space: nowrap; }
.qbr-doc .qbr-swatch { display: inline-block; width: 8pt; height: 8pt; margin-right: 3pt; vertical-align: baseline; }
.qbr-doc .qbr-compact { font-size: 9pt; }
.qbr-doc .qbr-compact th[scope='row'], .qbr-doc .qbr-compact thead th:first-child { width: 34%; overflow-wrap: normal; }
.qbr-doc .qbr-assumption { break-inside: avoid; }
.qbr-doc .qbr-source { font-size: 9pt; color: #444; }
.qbr-doc .qbr-objectives th, .qbr-doc .qbr-objectives td { font-size: 9pt; }
.qbr-doc .qbr-objectives th[scope='row'] { width: 30%; }
.qbr-doc .qbr-risks li { margin-bottom: 4pt; }
.qbr-doc .qbr-definitions dt { font-weight: 600; }
.qbr-doc .qbr-definitions dd { margin: 0 0 4pt 0; }
.qbr-doc .qbr-sources { font-size: 8pt; }
.qbr-doc .qbr-sources td, .qbr-doc .qbr-sources th { text-align: left; }
.qbr-doc .qbr-keys { font-family: 'DejaVu Sans Mono', Menlo, monospace; word-break: break-all; }
.qbr-doc .qbr-sources th:nth-child(1) { width: 14%; }
.qbr-doc .qbr-sources th:nth-child(2) { width: 20%; }
.qbr-doc .qbr-sources th:nth-child(3) { width: 28%; }
@media screen { .qbr-doc { max-width: 8.5in; margin: 0 auto; padding: 0.5in; } .qbr-doc .qbr-section { border-top: 1px solid #c9c9c9; padding-top: 18pt; margin-top: 18pt; } .qbr-doc .qbr-section:first-child { border-top: 0; margin-top: 0; } }
`;

// plugin/src/core/qbr/document/render.ts
var e = escapeHtml;
function renderQbrHtml(doc, options = {}) {
    const paper = options.paper ?? 'letter';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(doc.title)}</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>${options.fontCss ?? ''}${qbrStyles(paper)}</style></head><body>${renderQbrBody(doc)}</body></html>`;
}
function qbrStyles(paper) {
    return `@page { size: ${paper === 'a4' ? 'A4' : 'letter'}; margin: 0.6in 0.6in 0.7in; }${QBR_STYLES}`;
}
function renderQbrBody(doc) {
    return (
        '<main class="qbr-doc">' +
        [cover(doc), summary(doc), utilization(doc), value(doc), accountPlan(doc), appendix(doc)].join('') +
        '</main>'
    );
}
function section(id, heading, body) {
    return `<section class="qbr-section" id="qbr-${id}" aria-labelledby="qbr-${id}-h"><h2 id="qbr-${id}-h">${e(heading)}</h2>${body}</section>`;
}
function person(who) {
    return who.title ? `${e(who.name)}, ${e(who.title)}` : e(who.name);
}
function cover(doc) {
    const team = doc.cover.accountTeam.length
        ? `<ul class="qbr-list">${doc.cover.accountTeam.map((who) => `<li>${person(who)}</li>`).join('')}</ul>`
        : '<p class="qbr-muted">No account team recorded.</p>';
    const sponsor = doc.cover.executiveSponsor
        ? `<p>${person(doc.cover.executiveSponsor)}</p>`
        : '<p class="qbr-muted">No executive sponsor recorded on the account plan.</p>';
    return `<section class="qbr-section qbr-cover" id="qbr-cover" aria-labelledby="qbr-cover-h"><p class="qbr-kicker">Quarterly business review</p><h1 id="qbr-cover-h">${e(doc.planName)}</h1><p class="qbr-quarter">${e(doc.quarter.label)}</p><div class="qbr-cover-grid"><div><h2>Executive sponsor</h2>${sponsor}</div><div><h2>Account team</h2>${team}</div></div><p class="qbr-muted">Health plan ${e(doc.healthPlanId)}. Prepared on ${e(doc.generatedOn)} from the data in Salesforce.${doc.empty ? ` There is no utilization data for ${e(doc.quarter.label)} yet.` : ''}</p></section>`;
}
var ARROWS = {
    up: ['\u25B2', 'up'],
    down: ['\u25BC', 'down'],
    flat: ['\u25B6', 'flat']
};
function trendCell(direction, earlier, label) {
    if (!direction) return `<td>${figureSpan(earlier)}</td>`;
    const [arrow, words] = ARROWS[direction];
    return `<td><span class="qbr-trend qbr-${words}" aria-hidden="true">${arrow}</span><span class="qbr-sr">${words} from ${e(label)}:</span> ${figureSpan(earlier)}</td>`;
}
function summary(doc) {
    const note = doc.empty
        ? `<p class="qbr-note">No utilization was reported for ${e(doc.quarter.label)}: the figures below are blank until the feeds for the quarter are loaded.</p>`
        : '';
    const rows = doc.summary.map((row) => {
        const status =
            row.meetsTarget === null
                ? ''
                : row.meetsTarget
                  ? ' <span class="qbr-met">met</span>'
                  : ' <span class="qbr-missed">below</span>';
        return (
            `<tr><th scope="row">${e(row.label)}</th><td class="qbr-strong">${figureSpan(row.current)}</td><td>${row.target ? `${figureSpan(row.target)}${status}` : '<span class="qbr-muted">\u2014</span>'}</td>` +
            trendCell(row.vsPrevious, row.previous, doc.previousQuarter.label) +
            trendCell(row.vsLastYear, row.lastYear, doc.lastYearQuarter.label) +
            '</tr>'
        );
    });
    return section(
        'summary',
        `Summary: ${doc.quarter.label}`,
        note +
            `<table class="qbr-table"><caption>The quarter against the account plan's targets, with the quarter before and the same quarter last year</caption><thead><tr><th scope="col">Measure</th><th scope="col">${e(doc.quarter.label)}</th><th scope="col">Target</th><th scope="col">vs ${e(doc.previousQuarter.label)}</th><th scope="col">vs ${e(doc.lastYearQuarter.label)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    );
}
function lineRow(line, cells) {
    const name = line.lineOfBusiness === TOTAL_SCOPE ? 'All lines' : line.lineOfBusiness;
    const tag = line.lineOfBusiness === TOTAL_SCOPE ? ' class="qbr-total"' : '';
    return `<tr${tag}><th scope="row">${e(name)}</th>${cells.map((cell) => `<td>${figureSpan(line[cell])}</td>`).join('')}</tr>`;
}
function lineTable(doc, caption, headings, cells) {
    const rows = [...doc.lines, ...(doc.lines.length > 1 ? [doc.total] : [])].map((line) => lineRow(line, cells));
    return `<table class="qbr-table"><caption>${e(caption)}</caption><thead><tr><th scope="col">Line of business</th>${headings.map((heading) => `<th scope="col">${e(heading)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
function utilization(doc) {
    if (!doc.lines.length) {
        return section(
            'utilization',
            'Utilization by line of business',
            `<p class="qbr-note">No line of business has data or a contract for ${e(doc.quarter.label)}.</p>`
        );
    }
    const table = lineTable(
        doc,
        `Utilization in ${doc.quarter.label}; membership as of the quarter's latest month with data`,
        ['Eligible', 'Registered', 'Registration rate', 'Visits', 'Visits per 1,000', 'Behavioral-health share'],
        ['eligible', 'registered', 'registrationRate', 'visits', 'visitsPer1000', 'behavioralShare']
    );
    const charts = doc.charts.map((chart) => {
        const head = chart.series.map((series) => `<th scope="col">${e(series.label)}</th>`).join('');
        const body = chart.categories
            .map(
                (category, c) =>
                    `<tr><th scope="row">${e(category)}</th>${chart.series.map((series) => `<td>${figureSpan(series.figures[c])}</td>`).join('')}</tr>`
            )
            .join('');
        return `<div class="qbr-chart-row">${chartSvg(chart)}<table class="qbr-table qbr-compact"><caption>${e(chart.title)}</caption><thead><tr><th scope="col">Line</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
    });
    return section('utilization', 'Utilization by line of business', table + charts.join(''));
}
function value(doc) {
    const table = doc.lines.length
        ? lineTable(
              doc,
              `Cost savings and return on investment against fees in ${doc.quarter.label}`,
              ['Cost savings', 'Fees', 'ROI', 'Average rating', 'Rated visits'],
              ['savings', 'fees', 'roi', 'rating', 'ratedVisits']
          )
        : `<p class="qbr-note">No savings or fees for ${e(doc.quarter.label)}.</p>`;
    const sets = doc.assumptions.length
        ? doc.assumptions
              .map((view) => {
                  const items = view.figures
                      .map((item) => `<li>${e(item.label)}: <strong>${figureSpan(item)}</strong></li>`)
                      .join('');
                  return `<div class="qbr-assumption"><h4>${e(view.set)} <span class="qbr-muted">(used for ${e(view.months.join(', '))})</span></h4>${items ? `<ul class="qbr-list">${items}</ul>` : ''}<p class="qbr-source">Source: ${e(view.source)}</p></div>`;
              })
              .join('')
        : '<p class="qbr-muted">No savings were computed for the quarter, so no assumptions apply.</p>';
    const rating = doc.total.rating;
    const satisfaction =
        rating.value === null
            ? '<p class="qbr-muted">No rated visits in the quarter.</p>'
            : `<p>Members rated their visits ${figureSpan(rating)} out of 5 on average, over ${figureSpan(doc.total.ratedVisits)} rated visits.</p>`;
    return section(
        'value',
        'Value: savings, return on investment and satisfaction',
        table +
            `<h3>Savings assumptions</h3><p>Savings per visit are the avoided cost of the care a visit replaced minus the cost of the telehealth visit, counted only for visits that name what they replaced.</p>${sets}<h3>Member satisfaction</h3>${satisfaction}`
    );
}
function objectiveRow(objective) {
    const number = (amount) => (amount === null ? '\u2014' : e(figureText(amount, 'rate')));
    return `<tr><th scope="row">${e(objective.name)}</th><td>${e(objective.lineOfBusiness ?? '\u2014')}</td><td>${e(objective.metric ?? '\u2014')}</td><td>${number(objective.targetValue)}</td><td>${number(objective.currentValue)}</td><td>${e(objective.dueDate ?? '\u2014')}</td><td>${e(objective.owner ?? '\u2014')}</td></tr>`;
}
function objectiveList(objectives, empty) {
    if (!objectives.length) return `<p class="qbr-muted">${e(empty)}</p>`;
    return `<ul class="qbr-list">${objectives
        .map(
            (objective) =>
                `<li>${e(objective.name)}${objective.dueDate ? ` <span class="qbr-muted">(due ${e(objective.dueDate)})</span>` : ''}</li>`
        )
        .join('')}</ul>`;
}
function accountPlan(doc) {
    const risks = doc.risks.length
        ? `<ul class="qbr-risks">${doc.risks.map((risk) => `<li><strong>${e(risk.title)}.</strong> ${e(risk.text)}</li>`).join('')}</ul>`
        : '<p class="qbr-muted">No open risks recorded.</p>';
    const plan = doc.accountPlan;
    if (!plan) {
        return section(
            'plan',
            'Account plan',
            `<p class="qbr-note">There is no active account plan for this health plan yet. We propose agreeing one at this review: objectives, targets and owners for the year.</p><h3>Open risks</h3>${risks}`
        );
    }
    const groups = plan.groups.length
        ? plan.groups
              .map(
                  (group) =>
                      `<table class="qbr-table qbr-objectives"><caption>${e(group.status)}</caption><thead><tr><th scope="col">Objective</th><th scope="col">Line</th><th scope="col">Metric</th><th scope="col">Target</th><th scope="col">Current</th><th scope="col">Due</th><th scope="col">Owner</th></tr></thead><tbody>${group.objectives.map(objectiveRow).join('')}</tbody></table>`
              )
              .join('')
        : '<p class="qbr-muted">The account plan has no objectives yet.</p>';
    return section(
        'plan',
        `Account plan: ${plan.name}`,
        (plan.strategy ? `<p>${e(plan.strategy)}</p>` : '') +
            (plan.nextReviewDate ? `<p>Next review: ${e(plan.nextReviewDate)}.</p>` : '') +
            `<h3>Objectives by status</h3>${groups}<div class="qbr-two"><div><h3>What was done</h3>${objectiveList(plan.done, 'No objective is done yet.')}</div><div><h3>What is next</h3>${objectiveList(plan.next, 'Every objective is done.')}</div></div><h3>Open risks</h3>${risks}`
    );
}
function appendix(doc) {
    const sources = doc.appendix.sources
        .map(
            (row) =>
                `<tr><th scope="row">${e(row.scope)}</th><td>${e(row.period)}: ${e(row.months.join(', '))}</td><td>${e(row.figures.join('; '))}</td><td class="qbr-keys">${e(row.keys.join(' '))}</td></tr>`
        )
        .join('');
    return section(
        'appendix',
        'Appendix: method, definitions and sources',
        `<h3>Method</h3><ul class="qbr-list">${doc.appendix.method.map((line) => `<li>${e(line)}</li>`).join('')}</ul><h3>Definitions</h3><dl class="qbr-definitions">${doc.appendix.definitions.map((item) => `<dt>${e(item.term)}</dt><dd>${e(item.text)}</dd>`).join('')}</dl><h3>Sources of every figure</h3>` +
            (sources
                ? `<table class="qbr-table qbr-sources"><caption>Utilization_Snapshot__c records (Snapshot_Key__c) behind each figure; targets come from the account plan and assumption figures from the snapshots' Savings_Assumption_Set__c.</caption><thead><tr><th scope="col">Scope</th><th scope="col">Period</th><th scope="col">Figures</th><th scope="col">Snapshot keys</th></tr></thead><tbody>${sources}</tbody></table>`
                : '<p class="qbr-muted">No figure in this document comes from snapshots.</p>')
    );
}
export {
    TOTAL_SCOPE,
    buildQbr,
    figureText,
    isQuarter,
    lastCompleteQuarter,
    lineFigureList,
    qbrStyles,
    quarterIndex,
    quarterPeriod,
    renderQbrBody,
    renderQbrHtml
};
