import { createElement } from 'lwc';
import UtilizationTrend from 'c/utilizationTrend';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { errorPanelText } from '../../errorPanel/__tests__/errorPanelText';

const snapshots = require('./data/snapshots.json');
const snapshotsEmpty = require('./data/snapshotsEmpty.json');
const plans = require('./data/plans.json');
const plansEmpty = require('./data/plansEmpty.json');

const ACCOUNT_ID = '001000000000001AAA';

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The related-list wire serves two lists here; answer each by its relatedListId. */
function emitLists(lists) {
    getRelatedListRecords.emit(
        lists.Utilization_Snapshots__r,
        (config) => config.relatedListId === 'Utilization_Snapshots__r'
    );
    getRelatedListRecords.emit(lists.Account_Plans__r, (config) => config.relatedListId === 'Account_Plans__r');
}

async function render(props = {}, lists = { Utilization_Snapshots__r: snapshots, Account_Plans__r: plans }) {
    const element = createElement('c-utilization-trend', { is: UtilizationTrend });
    Object.assign(element, { recordId: ACCOUNT_ID, ...props });
    document.body.appendChild(element);
    await flushPromises();
    if (lists) {
        emitLists(lists);
    }
    await flushPromises();
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];

function pointCount(path) {
    return path.getAttribute('d').split(' ').length;
}

describe('c-utilization-trend', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('reads snapshots newest first and the account plans', async () => {
        await render({}, null);
        const configs = [];
        getRelatedListRecords.emit(undefined, (config) => configs.push(config) && false);
        expect(configs).toEqual([
            expect.objectContaining({
                parentRecordId: ACCOUNT_ID,
                relatedListId: 'Utilization_Snapshots__r',
                sortBy: ['-Utilization_Snapshot__c.Period_Start__c'],
                fields: expect.arrayContaining(['Utilization_Snapshot__c.Visits__c'])
            }),
            expect.objectContaining({ parentRecordId: ACCOUNT_ID, relatedListId: 'Account_Plans__r' })
        ]);
    });

    it('shows a spinner while loading', async () => {
        const element = await render({}, null);
        expect($(element, 'lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('draws one line per line of business for the last 12 months with the plan targets', async () => {
        const element = await render();
        const charts = $$(element, 'figure.chart');
        expect(charts.map((chart) => chart.dataset.metric)).toEqual(['visitsPer1000', 'registrationRate']);

        const paths = [...charts[0].querySelectorAll('path')];
        expect(paths.map((path) => path.dataset.line)).toEqual(['Commercial', 'Medicare', 'Medicaid', 'Exchange']);
        expect(paths.every((path) => pointCount(path) === 12)).toBe(true);

        expect(charts[0].querySelector('.target-label').textContent).toBe('Target 320');
        expect(charts[1].querySelector('.target-label').textContent).toBe('Target 35.0%');
        const monthLabels = [...charts[0].querySelectorAll('.month-label')].map((label) => label.textContent);
        expect(monthLabels[0]).toBe('Nov 2025');
        expect(monthLabels[monthLabels.length - 1]).toBe('Oct 2026');

        // Oct 2026, Commercial: 1,150 visits among 40,350 eligible, annualized: 1150 / 40350 × 12000 = 342.0
        const summary = charts[0].querySelector('svg').getAttribute('aria-label');
        expect(summary).toContain('Nov 2025 to Oct 2026');
        expect(summary).toContain('Commercial 342');
        expect(summary).toContain('Target 320');
        expect($(element, '.plan-caption').textContent).toContain('2026 plan target');
        await expect(element).toBeAccessible();
    });

    it('starts at the period chosen in the page builder', async () => {
        const element = await render({ defaultMonths: '36' });
        expect($(element, 'lightning-combobox.period').value).toBe('36');
        expect(pointCount($(element, 'figure.chart path'))).toBe(36);
    });

    it('changes the period on request', async () => {
        const element = await render();
        $(element, 'lightning-combobox.period').dispatchEvent(new CustomEvent('change', { detail: { value: '24' } }));
        await flushPromises();
        expect(pointCount($(element, 'figure.chart path'))).toBe(24);
    });

    it('hides a line of business from charts and table when unticked', async () => {
        const element = await render();
        const medicare = $$(element, 'lightning-input').find((input) => input.dataset.line === 'Medicare');
        medicare.checked = false;
        medicare.dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));
        await flushPromises();
        expect($$(element, 'figure.chart path').map((path) => path.dataset.line)).toEqual([
            'Commercial',
            'Medicaid',
            'Exchange',
            'Commercial',
            'Medicaid',
            'Exchange'
        ]);

        $(element, '.table-toggle').click();
        await flushPromises();
        const headers = $$(element, 'table.numbers thead th').map((th) => th.textContent);
        expect(headers).toHaveLength(1 + 3 * 2);
        expect(headers.some((header) => header.startsWith('Medicare'))).toBe(false);
    });

    it('asks for a line of business when all are unticked', async () => {
        const element = await render();
        expect($(element, '.no-lines')).toBeNull();
        for (const input of $$(element, 'lightning-input')) {
            input.dispatchEvent(new CustomEvent('change', { detail: { checked: false } }));
        }
        await flushPromises();
        expect($(element, '.no-lines').textContent).toBe('Tick a line of business to draw it.');
        expect($$(element, 'figure.chart path')).toHaveLength(0);
        await expect(element).toBeAccessible();
    });

    it('lists the same numbers in an accessible table, one row per month', async () => {
        const element = await render({ defaultMonths: '36' });
        const toggle = $(element, '.table-toggle');
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        toggle.click();
        await flushPromises();
        expect(toggle.getAttribute('aria-expanded')).toBe('true');

        const rows = $$(element, 'table.numbers tbody tr');
        expect(rows).toHaveLength(36);
        const lastRow = rows[rows.length - 1];
        expect(lastRow.querySelector('th').textContent).toBe('Oct 2026');
        // Oct 2026, Commercial: 1150 / 40350 × 12000 = 342.0 visits per 1,000; 13,800 / 40,350 = 34.2% registered.
        const cells = [...lastRow.querySelectorAll('td')].map((td) => td.textContent);
        expect(cells.slice(0, 2)).toEqual(['342', '34.2%']);
        await expect(element).toBeAccessible();
    });

    it('draws no target line without an account plan', async () => {
        const element = await render({}, { Utilization_Snapshots__r: snapshots, Account_Plans__r: plansEmpty });
        expect($(element, '.target-line')).toBeNull();
        expect($(element, '.plan-caption').textContent).toBe('No account plan: no target line');
    });

    it('explains when no utilization has been loaded', async () => {
        const element = await render({}, { Utilization_Snapshots__r: snapshotsEmpty, Account_Plans__r: plans });
        expect($(element, '.empty').textContent).toContain('No utilization has been loaded');
        expect($(element, 'svg')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows the error panel when a list cannot be read', async () => {
        const element = await render({}, null);
        getRelatedListRecords.emitError({
            status: 400,
            body: [{ errorCode: 'INVALID_TYPE', message: 'Object not supported' }]
        });
        await flushPromises();
        expect(await errorPanelText(element)).toEqual(['Utilization could not be loaded.', 'Object not supported']);
        await expect(element).toBeAccessible();
    });
});
