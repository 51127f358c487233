import { createElement } from 'lwc';
import ValueStory from 'c/valueStory';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

const snapshots = require('./data/snapshots.json');
const contracts = require('./data/contracts.json');
const empty = require('./data/empty.json');

const ACCOUNT_ID = '001000000000001AAA';

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

const byList = (relatedListId) => (config) => config.relatedListId === relatedListId;

async function render(lists = { snapshots, contracts }) {
    const element = createElement('c-value-story', { is: ValueStory });
    element.recordId = ACCOUNT_ID;
    document.body.appendChild(element);
    await flushPromises();
    if (lists) {
        getRelatedListRecords.emit(lists.snapshots, byList('Utilization_Snapshots__r'));
        getRelatedListRecords.emit(lists.contracts, byList('Contracts'));
        await flushPromises();
    }
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];

const value = (record, field) => record.fields[field].value;
const money = (amount) => `$${Math.round(amount).toLocaleString('en-US')}`;

/** Savings and fees of the fixture, recomputed the long way for the months given. */
function expectedTotals(months, lineOfBusiness) {
    const rows = snapshots.records.filter(
        (r) =>
            months.includes(value(r, 'Period_Start__c').slice(0, 7)) &&
            (!lineOfBusiness || value(r, 'Line_Of_Business__c') === lineOfBusiness)
    );
    let savings = 0;
    let fees = 0;
    for (const row of rows) {
        savings += value(row, 'Cost_Savings__c');
        const firstDay = value(row, 'Period_Start__c');
        for (const contract of contracts.records) {
            const sameLine = value(contract, 'Line_Of_Business__c') === value(row, 'Line_Of_Business__c');
            const active = value(contract, 'StartDate') <= firstDay && value(contract, 'EndDate') >= firstDay;
            if (sameLine && active) {
                fees +=
                    (value(contract, 'PMPM_Fee__c') ?? 0) * value(row, 'Eligible_Members__c') +
                    (value(contract, 'Per_Visit_Fee__c') ?? 0) * value(row, 'Visits__c');
            }
        }
    }
    return { savings, fees };
}

const TRAILING = [
    '2025-04',
    '2025-05',
    '2025-06',
    '2025-07',
    '2025-08',
    '2025-09',
    '2025-10',
    '2025-11',
    '2025-12',
    '2026-01',
    '2026-02',
    '2026-03'
];
const YEAR_TO_DATE = ['2026-01', '2026-02', '2026-03'];

describe('c-value-story', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('reads snapshots and the account contracts', async () => {
        await render(null);
        const configs = [];
        getRelatedListRecords.emit(undefined, (config) => configs.push(config) && false);
        expect(configs.map((config) => config.relatedListId)).toEqual(['Utilization_Snapshots__r', 'Contracts']);
        expect(configs[1].fields).toEqual(
            expect.arrayContaining(['Contract.PMPM_Fee__c', 'Contract.Per_Visit_Fee__c'])
        );
    });

    it('shows a spinner while loading', async () => {
        const element = await render(null);
        expect($(element, 'lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('totals savings and ROI over the last 12 months and the year to date', async () => {
        const element = await render();
        expect($(element, '.as-of').textContent).toBe('Through Mar 2026');
        const trailing = expectedTotals(TRAILING);
        const ytd = expectedTotals(YEAR_TO_DATE);
        const tile = (key) => $(element, `li.tile[data-key="${key}"]`);
        expect(tile('trailing').querySelector('.tile-value').textContent).toBe(money(trailing.savings));
        expect(tile('trailing').querySelector('.tile-detail').textContent).toBe(
            `ROI ${(trailing.savings / trailing.fees).toFixed(1)}× on ${money(trailing.fees)} fees`
        );
        expect(tile('ytd').querySelector('.tile-value').textContent).toBe(money(ytd.savings));
        expect(tile('rating').querySelector('.tile-value').textContent).toBe(
            `${((4.6 * 300 + 4.2 * 100) / 400).toFixed(2)} / 5`
        );
        await expect(element).toBeAccessible();
    });

    it('breaks savings and ROI down by line of business', async () => {
        const element = await render();
        expect($$(element, 'table.by-line tbody tr').map((tr) => tr.dataset.key)).toEqual([
            'Commercial',
            'Medicare',
            'total'
        ]);
        const medicare = expectedTotals(TRAILING, 'Medicare');
        const cells = [...$(element, 'tr[data-key="Medicare"]').querySelectorAll('td')].map((td) => td.textContent);
        expect(cells[0]).toBe(money(medicare.savings));
        expect(cells[1]).toBe(`${(medicare.savings / medicare.fees).toFixed(1)}×`);
        expect($(element, '.no-fees')).toBeNull();
    });

    it('shows the assumptions and their sources one click away', async () => {
        const element = await render();
        expect($(element, '.assumptions')).toBeNull();
        const toggle = $(element, '.assumptions-toggle');
        toggle.click();
        await flushPromises();
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
        const items = $$(element, '.assumption').map((li) => li.textContent);
        expect(items).toHaveLength(4);
        expect(items[0]).toContain('$1,686');
        expect(items[0]).toContain('Public 2024');
        await expect(element).toBeAccessible();
    });

    it('says ROI needs fees when the contracts carry none', async () => {
        const element = await render({ snapshots, contracts: empty });
        expect($(element, '.no-fees')).not.toBeNull();
        expect($(element, 'li.tile[data-key="trailing"] .tile-detail').textContent).toBe(
            'No contract fees in this period'
        );
        expect($(element, 'tr[data-key="total"]').querySelectorAll('td')[1].textContent).toBe('—');
    });

    it('explains when there is nothing to report', async () => {
        const element = await render({ snapshots: empty, contracts });
        expect($(element, '.empty')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows the error panel when a list cannot be read', async () => {
        const element = await render(null);
        getRelatedListRecords.error({ body: [{ message: 'Contracts not accessible' }] }, byList('Contracts'));
        await flushPromises();
        expect($(element, 'c-error-panel')).not.toBeNull();
        await expect(element).toBeAccessible();
    });
});
