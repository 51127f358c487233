/**
 * The QBR as HTML: one self-contained page (styles inline, charts as SVG, no script, no network) for
 * the CLI to print, and the same body and styles for the record page's preview. Every number goes
 * through `figureSpan`, so it carries the id of the figure it prints.
 */
import { chartSvg } from './charts.js';
import { escapeHtml, figureSpan } from './html.js';
import { figureText, TOTAL_SCOPE } from './figures.js';
import type { Figure, LineFigures, QbrDocument, QbrObjective, QbrPerson, SummaryRow, Trend } from './types.js';
import { QBR_STYLES } from './styles.js';

export type Paper = 'letter' | 'a4';

export type RenderOptions = {
  paper?: Paper;
  /** `@font-face` rules to inline (the CLI embeds its font; the record page has its own). */
  fontCss?: string;
};

const e = escapeHtml;

/** The whole document: `<!doctype html>` to `</html>`. */
export function renderQbrHtml(doc: QbrDocument, options: RenderOptions = {}): string {
  const paper = options.paper ?? 'letter';
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${e(doc.title)}</title>` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<style>${options.fontCss ?? ''}${qbrStyles(paper)}</style></head>` +
    `<body>${renderQbrBody(doc)}</body></html>`
  );
}

/** The page size and the document's styles, every rule scoped to `.qbr-doc`. */
export function qbrStyles(paper: Paper): string {
  return `@page { size: ${paper === 'a4' ? 'A4' : 'letter'}; margin: 0.6in 0.6in 0.7in; }${QBR_STYLES}`;
}

export function renderQbrBody(doc: QbrDocument): string {
  return (
    '<main class="qbr-doc">' +
    [cover(doc), summary(doc), utilization(doc), value(doc), accountPlan(doc), appendix(doc)].join('') +
    '</main>'
  );
}

function section(id: string, heading: string, body: string): string {
  return `<section class="qbr-section" id="qbr-${id}" aria-labelledby="qbr-${id}-h"><h2 id="qbr-${id}-h">${e(heading)}</h2>${body}</section>`;
}

function person(who: QbrPerson): string {
  return who.title ? `${e(who.name)}, ${e(who.title)}` : e(who.name);
}

function cover(doc: QbrDocument): string {
  const team = doc.cover.accountTeam.length
    ? `<ul class="qbr-list">${doc.cover.accountTeam.map((who) => `<li>${person(who)}</li>`).join('')}</ul>`
    : '<p class="qbr-muted">No account team recorded.</p>';
  const sponsor = doc.cover.executiveSponsor
    ? `<p>${person(doc.cover.executiveSponsor)}</p>`
    : '<p class="qbr-muted">No executive sponsor recorded on the account plan.</p>';
  return (
    '<section class="qbr-section qbr-cover" id="qbr-cover" aria-labelledby="qbr-cover-h">' +
    '<p class="qbr-kicker">Quarterly business review</p>' +
    `<h1 id="qbr-cover-h">${e(doc.planName)}</h1>` +
    `<p class="qbr-quarter">${e(doc.quarter.label)}</p>` +
    `<div class="qbr-cover-grid"><div><h2>Executive sponsor</h2>${sponsor}</div>` +
    `<div><h2>Account team</h2>${team}</div></div>` +
    `<p class="qbr-muted">Health plan ${e(doc.healthPlanId)}. Prepared on ${e(doc.generatedOn)} from the data in Salesforce.` +
    `${doc.empty ? ` There is no utilization data for ${e(doc.quarter.label)} yet.` : ''}</p></section>`
  );
}

const ARROWS: Record<Exclude<Trend, null>, [string, string]> = {
  up: ['▲', 'up'],
  down: ['▼', 'down'],
  flat: ['▶', 'flat'],
};

function trendCell(direction: Trend, earlier: Figure, label: string): string {
  if (!direction) return `<td>${figureSpan(earlier)}</td>`;
  const [arrow, words] = ARROWS[direction];
  return `<td><span class="qbr-trend qbr-${words}" aria-hidden="true">${arrow}</span><span class="qbr-sr">${words} from ${e(label)}:</span> ${figureSpan(earlier)}</td>`;
}

function summary(doc: QbrDocument): string {
  const note = doc.empty
    ? `<p class="qbr-note">No utilization was reported for ${e(doc.quarter.label)}: the figures below are blank until the feeds for the quarter are loaded.</p>`
    : '';
  const rows = doc.summary.map((row: SummaryRow) => {
    const status =
      row.meetsTarget === null
        ? ''
        : row.meetsTarget
          ? ' <span class="qbr-met">met</span>'
          : ' <span class="qbr-missed">below</span>';
    return (
      `<tr><th scope="row">${e(row.label)}</th><td class="qbr-strong">${figureSpan(row.current)}</td>` +
      `<td>${row.target ? `${figureSpan(row.target)}${status}` : '<span class="qbr-muted">—</span>'}</td>` +
      trendCell(row.vsPrevious, row.previous, doc.previousQuarter.label) +
      trendCell(row.vsLastYear, row.lastYear, doc.lastYearQuarter.label) +
      '</tr>'
    );
  });
  return section(
    'summary',
    `Summary: ${doc.quarter.label}`,
    note +
      '<table class="qbr-table"><caption>The quarter against the account plan\'s targets, with the quarter before and the same quarter last year</caption>' +
      `<thead><tr><th scope="col">Measure</th><th scope="col">${e(doc.quarter.label)}</th><th scope="col">Target</th>` +
      `<th scope="col">vs ${e(doc.previousQuarter.label)}</th><th scope="col">vs ${e(doc.lastYearQuarter.label)}</th></tr></thead>` +
      `<tbody>${rows.join('')}</tbody></table>`,
  );
}

function lineRow(line: LineFigures, cells: Array<keyof LineFigures>): string {
  const name = line.lineOfBusiness === TOTAL_SCOPE ? 'All lines' : line.lineOfBusiness;
  const tag = line.lineOfBusiness === TOTAL_SCOPE ? ' class="qbr-total"' : '';
  return `<tr${tag}><th scope="row">${e(name)}</th>${cells.map((cell) => `<td>${figureSpan(line[cell] as Figure)}</td>`).join('')}</tr>`;
}

function lineTable(doc: QbrDocument, caption: string, headings: string[], cells: Array<keyof LineFigures>): string {
  const rows = [...doc.lines, ...(doc.lines.length > 1 ? [doc.total] : [])].map((line) => lineRow(line, cells));
  return (
    `<table class="qbr-table"><caption>${e(caption)}</caption><thead><tr><th scope="col">Line of business</th>` +
    `${headings.map((heading) => `<th scope="col">${e(heading)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function utilization(doc: QbrDocument): string {
  if (!doc.lines.length) {
    return section(
      'utilization',
      'Utilization by line of business',
      `<p class="qbr-note">No line of business has data or a contract for ${e(doc.quarter.label)}.</p>`,
    );
  }
  const table = lineTable(
    doc,
    `Utilization in ${doc.quarter.label}; membership as of the quarter's latest month with data`,
    ['Eligible', 'Registered', 'Registration rate', 'Visits', 'Visits per 1,000', 'Behavioral-health share'],
    ['eligible', 'registered', 'registrationRate', 'visits', 'visitsPer1000', 'behavioralShare'],
  );
  const charts = doc.charts.map((chart) => {
    const head = chart.series.map((series) => `<th scope="col">${e(series.label)}</th>`).join('');
    const body = chart.categories
      .map(
        (category, c) =>
          `<tr><th scope="row">${e(category)}</th>${chart.series.map((series) => `<td>${figureSpan(series.figures[c])}</td>`).join('')}</tr>`,
      )
      .join('');
    return (
      `<div class="qbr-chart-row">${chartSvg(chart)}` +
      `<table class="qbr-table qbr-compact"><caption>${e(chart.title)}</caption><thead><tr><th scope="col">Line</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`
    );
  });
  return section('utilization', 'Utilization by line of business', table + charts.join(''));
}

function value(doc: QbrDocument): string {
  const table = doc.lines.length
    ? lineTable(
        doc,
        `Cost savings and return on investment against fees in ${doc.quarter.label}`,
        ['Cost savings', 'Fees', 'ROI', 'Average rating', 'Rated visits'],
        ['savings', 'fees', 'roi', 'rating', 'ratedVisits'],
      )
    : `<p class="qbr-note">No savings or fees for ${e(doc.quarter.label)}.</p>`;
  const sets = doc.assumptions.length
    ? doc.assumptions
        .map((view) => {
          const items = view.figures
            .map((item) => `<li>${e(item.label)}: <strong>${figureSpan(item)}</strong></li>`)
            .join('');
          return (
            `<div class="qbr-assumption"><h4>${e(view.set)} <span class="qbr-muted">(used for ${e(view.months.join(', '))})</span></h4>` +
            `${items ? `<ul class="qbr-list">${items}</ul>` : ''}<p class="qbr-source">Source: ${e(view.source)}</p></div>`
          );
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
      `<h3>Savings assumptions</h3><p>Savings per visit are the avoided cost of the care a visit replaced minus the cost of the telehealth visit, counted only for visits that name what they replaced.</p>${sets}` +
      `<h3>Member satisfaction</h3>${satisfaction}`,
  );
}

function objectiveRow(objective: QbrObjective): string {
  const number = (amount: number | null): string => (amount === null ? '—' : e(figureText(amount, 'rate')));
  return (
    `<tr><th scope="row">${e(objective.name)}</th><td>${e(objective.lineOfBusiness ?? '—')}</td><td>${e(objective.metric ?? '—')}</td>` +
    `<td>${number(objective.targetValue)}</td><td>${number(objective.currentValue)}</td><td>${e(objective.dueDate ?? '—')}</td><td>${e(objective.owner ?? '—')}</td></tr>`
  );
}

function objectiveList(objectives: QbrObjective[], empty: string): string {
  if (!objectives.length) return `<p class="qbr-muted">${e(empty)}</p>`;
  return `<ul class="qbr-list">${objectives
    .map(
      (objective) =>
        `<li>${e(objective.name)}${objective.dueDate ? ` <span class="qbr-muted">(due ${e(objective.dueDate)})</span>` : ''}</li>`,
    )
    .join('')}</ul>`;
}

function accountPlan(doc: QbrDocument): string {
  const risks = doc.risks.length
    ? `<ul class="qbr-risks">${doc.risks.map((risk) => `<li><strong>${e(risk.title)}.</strong> ${e(risk.text)}</li>`).join('')}</ul>`
    : '<p class="qbr-muted">No open risks recorded.</p>';
  const plan = doc.accountPlan;
  if (!plan) {
    return section(
      'plan',
      'Account plan',
      '<p class="qbr-note">There is no active account plan for this health plan yet. We propose agreeing one at this review: objectives, targets and owners for the year.</p>' +
        `<h3>Open risks</h3>${risks}`,
    );
  }
  const groups = plan.groups.length
    ? plan.groups
        .map(
          (group) =>
            `<table class="qbr-table qbr-objectives"><caption>${e(group.status)}</caption><thead><tr><th scope="col">Objective</th><th scope="col">Line</th><th scope="col">Metric</th>` +
            `<th scope="col">Target</th><th scope="col">Current</th><th scope="col">Due</th><th scope="col">Owner</th></tr></thead><tbody>${group.objectives.map(objectiveRow).join('')}</tbody></table>`,
        )
        .join('')
    : '<p class="qbr-muted">The account plan has no objectives yet.</p>';
  return section(
    'plan',
    `Account plan: ${plan.name}`,
    (plan.strategy ? `<p>${e(plan.strategy)}</p>` : '') +
      (plan.nextReviewDate ? `<p>Next review: ${e(plan.nextReviewDate)}.</p>` : '') +
      `<h3>Objectives by status</h3>${groups}` +
      `<div class="qbr-two"><div><h3>What was done</h3>${objectiveList(plan.done, 'No objective is done yet.')}</div>` +
      `<div><h3>What is next</h3>${objectiveList(plan.next, 'Every objective is done.')}</div></div>` +
      `<h3>Open risks</h3>${risks}`,
  );
}

function appendix(doc: QbrDocument): string {
  const sources = doc.appendix.sources
    .map(
      (row) =>
        `<tr><th scope="row">${e(row.scope)}</th><td>${e(row.period)}: ${e(row.months.join(', '))}</td><td>${e(row.figures.join('; '))}</td><td class="qbr-keys">${e(row.keys.join(' '))}</td></tr>`,
    )
    .join('');
  return section(
    'appendix',
    'Appendix: method, definitions and sources',
    `<h3>Method</h3><ul class="qbr-list">${doc.appendix.method.map((line) => `<li>${e(line)}</li>`).join('')}</ul>` +
      `<h3>Definitions</h3><dl class="qbr-definitions">${doc.appendix.definitions.map((item) => `<dt>${e(item.term)}</dt><dd>${e(item.text)}</dd>`).join('')}</dl>` +
      '<h3>Sources of every figure</h3>' +
      (sources
        ? '<table class="qbr-table qbr-sources"><caption>Utilization_Snapshot__c records (Snapshot_Key__c) behind each figure; targets come from the account plan and assumption figures from the snapshots\' Savings_Assumption_Set__c.</caption>' +
          `<thead><tr><th scope="col">Scope</th><th scope="col">Period</th><th scope="col">Figures</th><th scope="col">Snapshot keys</th></tr></thead><tbody>${sources}</tbody></table>`
        : '<p class="qbr-muted">No figure in this document comes from snapshots.</p>'),
  );
}
