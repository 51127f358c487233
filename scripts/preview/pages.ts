/**
 * HTML of the preview: an index of accounts and one record page per Account, laid out like the
 * Lightning record page (record header, then the FlexiPage's regions) with SLDS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { PageLayout, PageRegion } from './flexiPage.js';

export type AccountSummary = {
  Id: string;
  Name: string;
  Health_Plan_Id__c?: string | null;
  Lines_Of_Business__c?: string | null;
  Renewal_Date__c?: string | null;
  Contract_Value__c?: number | null;
  Renewal_Risk_Tier__c?: string | null;
  Renewal_Risk_Override__c?: string | null;
};

export const accountSummaryFields = [
  'Id',
  'Name',
  'Health_Plan_Id__c',
  'Lines_Of_Business__c',
  'Renewal_Date__c',
  'Contract_Value__c',
  'Renewal_Risk_Tier__c',
  'Renewal_Risk_Override__c',
];

const sldsCss = '/assets/styles/salesforce-lightning-design-system.min.css';

export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

function formatDate(value: string | null | undefined): string {
  return value ? new Date(`${value}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC' }) : '—';
}

/** What the platform tells components about the session: here, the org user the preview signs in as. */
export type SessionContext = { userId: string | null };

function contextScript(context: SessionContext): string {
  const json = JSON.stringify(context).replace(/</g, '\\u003c');
  return `<script>window.previewContext = ${json};</script>`;
}

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${sldsCss}">
<style>
  body { background: #b0c4df; min-height: 100vh; }
  .preview-page { padding: 0.75rem; max-width: 1440px; margin: 0 auto; }
  .preview-region > * + * { display: block; margin-top: 0.75rem; }
</style>
</head>
<body class="slds-scope">
${body}
</body>
</html>
`;
}

export function indexPage(accounts: AccountSummary[]): string {
  const rows = accounts
    .map(
      (account) => `<tr>
  <th scope="row"><a href="/account/${encodeURIComponent(account.Id)}">${escapeHtml(account.Name)}</a></th>
  <td>${escapeHtml(account.Health_Plan_Id__c ?? '—')}</td>
  <td>${escapeHtml(formatDate(account.Renewal_Date__c))}</td>
  <td>${escapeHtml(account.Renewal_Risk_Override__c ?? account.Renewal_Risk_Tier__c ?? 'Not scored')}</td>
</tr>`,
    )
    .join('\n');
  return shell(
    'Health plan accounts',
    `<div class="preview-page">
<main class="slds-card slds-p-around_medium">
<h1 class="slds-text-heading_medium slds-m-bottom_small">Health plan accounts</h1>
<p class="slds-m-bottom_small"><a href="/portfolio">Book of business (App Page)</a> · <a href="/home">Home page</a></p>
<table class="slds-table slds-table_bordered slds-table_cell-buffer">
<thead><tr><th scope="col">Account</th><th scope="col">Health plan id</th><th scope="col">Renewal date</th><th scope="col">Risk tier</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="4">No accounts in this org yet.</td></tr>'}
</tbody>
</table>
</main>
</div>`,
  );
}

/** Design attribute types from a component's js-meta.xml, so `24` reaches an Integer property as a number. */
function propertyTypes(lwcDir: string, component: string): Map<string, string> {
  const file = path.join(lwcDir, component, `${component}.js-meta.xml`);
  if (!fs.existsSync(file)) return new Map();
  const types = new Map<string, string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['@_name'] === 'string' && typeof record['@_type'] === 'string') {
        types.set(record['@_name'], record['@_type']);
      }
      Object.values(record).forEach(collect);
    }
  };
  collect(new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(file, 'utf8')));
  return types;
}

function typedProperties(
  lwcDir: string,
  component: string,
  properties: Record<string, string>,
): Record<string, unknown> {
  const types = propertyTypes(lwcDir, component);
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]): [string, unknown] => {
      const type = types.get(name);
      if (type === 'Integer') return [name, Number(value)];
      if (type === 'Boolean') return [name, value === 'true'];
      return [name, value];
    }),
  );
}

function regionHtml(region: PageRegion, lwcDir: string): string {
  const slots = region.components
    .map(
      (component) =>
        `<div data-component="${escapeHtml(component.name)}" data-properties="${escapeHtml(
          JSON.stringify(typedProperties(lwcDir, component.name, component.properties)),
        )}"></div>`,
    )
    .join('\n');
  return `<div class="preview-region" data-region="${escapeHtml(region.name)}">\n${slots}\n</div>`;
}

function recordHeader(account: AccountSummary): string {
  const facts: Array<[string, string]> = [
    ['Health plan id', account.Health_Plan_Id__c ?? '—'],
    ['Lines of business', (account.Lines_Of_Business__c ?? '—').split(';').join(', ')],
    ['Renewal date', formatDate(account.Renewal_Date__c)],
    ['Annual contract value', account.Contract_Value__c == null ? '—' : money.format(account.Contract_Value__c)],
  ];
  const items = facts
    .map(
      ([label, value]) => `<li class="slds-page-header__detail-block">
  <div class="slds-text-title slds-truncate">${escapeHtml(label)}</div>
  <div class="slds-truncate">${escapeHtml(value)}</div>
</li>`,
    )
    .join('\n');
  return `<header class="slds-page-header slds-page-header_record-home">
<div class="slds-page-header__row">
  <div class="slds-page-header__col-title">
    <div class="slds-media">
      <div class="slds-media__figure">
        <span class="slds-icon_container slds-icon-standard-account" title="Account">
          <svg class="slds-icon slds-page-header__icon" aria-hidden="true"><use href="/assets/icons/standard-sprite/svg/symbols.svg#account"></use></svg>
        </span>
      </div>
      <div class="slds-media__body">
        <span class="slds-page-header__title-meta">Account</span>
        <h1 class="slds-page-header__title slds-truncate" title="${escapeHtml(account.Name)}">${escapeHtml(account.Name)}</h1>
      </div>
    </div>
  </div>
  <div class="slds-page-header__col-actions">
    <button type="button" class="slds-button slds-button_neutral" data-refresh>Refresh</button>
  </div>
</div>
<div class="slds-page-header__row slds-page-header__row_gutters">
  <div class="slds-page-header__col-details">
    <ul class="slds-page-header__detail-row">
${items}
    </ul>
  </div>
</div>
</header>`;
}

/**
 * Record page: `header` components sit under the record header, `main` and `sidebar` side by side as in
 * the desktop record template; any other region goes full width below.
 */
export function accountPage(
  account: AccountSummary,
  layout: PageLayout,
  lwcDir: string,
  context: SessionContext,
): string {
  const byName = new Map(layout.regions.map((region) => [region.name, region]));
  const html = (name: string): string => (byName.has(name) ? regionHtml(byName.get(name) as PageRegion, lwcDir) : '');
  const others = layout.regions
    .filter((region) => !['header', 'main', 'sidebar'].includes(region.name))
    .map((region) => `<div class="slds-col slds-size_1-of-1">${regionHtml(region, lwcDir)}</div>`)
    .join('\n');
  return shell(
    `${account.Name} | Account`,
    `<div class="preview-page" data-record-id="${escapeHtml(account.Id)}">
${recordHeader(account)}
<main class="slds-m-top_small">
${html('header')}
<div class="slds-grid slds-wrap slds-gutters_x-small">
  <div class="slds-col slds-size_1-of-1 slds-large-size_8-of-12">${html('main')}</div>
  <div class="slds-col slds-size_1-of-1 slds-large-size_4-of-12">${html('sidebar')}</div>
${others}
</div>
</main>
</div>
<div class="slds-notify_container slds-is-relative" data-toasts></div>
${contextScript(context)}
<script type="module" src="/boot.js"></script>`,
  );
}

/** An App Page or the Home page: the FlexiPage's regions in order, full width, with no record. */
export function appPage(layout: PageLayout, lwcDir: string, context: SessionContext): string {
  const regions = layout.regions
    .filter((region) => region.components.length > 0)
    .map((region) => regionHtml(region, lwcDir))
    .join('\n');
  return shell(
    layout.label,
    `<div class="preview-page">
<header class="slds-page-header"><h1 class="slds-page-header__title">${escapeHtml(layout.label)}</h1></header>
<main class="slds-m-top_small">
${regions}
</main>
</div>
<div class="slds-notify_container slds-is-relative" data-toasts></div>
${contextScript(context)}
<script type="module" src="/boot.js"></script>`,
  );
}

/** An empty page with SLDS and the components loaded, for measuring one component at a time. */
export function blankPage(context: SessionContext): string {
  return shell(
    'Component bench',
    `<main class="preview-page" data-stage></main>\n${contextScript(context)}\n<script type="module" src="/preview.js"></script>`,
  );
}
