import { createElement } from 'lwc';
import ValueStory from 'c/valueStory';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { errorPanelText } from '../../errorPanel/__tests__/errorPanelText';

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
        // Worked from the fixture: savings Σ Cost_Savings__c Apr 2025–Mar 2026 = 2,190,000; fees: Commercial
        // 0.75 × eligible + 25 × visits, Medicare 1.5 × eligible from Jul 2025 = 795,000; ROI 2.75 → 2.8×.
        const tile = (key) => $(element, `li.tile[data-key="${key}"]`);
        expect(tile('trailing').querySelector('.tile-value').textContent).toBe('$2,190,000');
        expect(tile('trailing').querySelector('.tile-detail').textContent).toBe('ROI 2.8× on $795,000 fees');
        expect(tile('ytd').querySelector('.tile-value').textContent).toBe('$542,100');
        // (4.6 × 300 + 4.2 × 100) / 400 rated visits
        expect(tile('rating').querySelector('.tile-value').textContent).toBe('4.50 / 5');
        await expect(element).toBeAccessible();
    });

    it('breaks savings and ROI down by line of business', async () => {
        const element = await render();
        expect($$(element, 'table.by-line tbody tr').map((tr) => tr.dataset.key)).toEqual([
            'Commercial',
            'Medicare',
            'total'
        ]);
        // Medicare: savings 735,600 over fees 135,000 = 5.45 → 5.4× (shown to one decimal, as toFixed rounds it).
        const cells = [...$(element, 'tr[data-key="Medicare"]').querySelectorAll('td')].map((td) => td.textContent);
        expect(cells[0]).toBe('$735,600');
        expect(cells[1]).toBe('5.4×');
        const commercial = [...$(element, 'tr[data-key="Commercial"]').querySelectorAll('td')].map(
            (td) => td.textContent
        );
        expect(commercial.slice(0, 2)).toEqual(['$1,454,400', '2.2×']);
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
        expect(items[0]).toContain('shipped default');
        await expect(element).toBeAccessible();
    });

    it('shows the assumptions the snapshots were computed with, as the sync recorded them', async () => {
        const SET = 'Claims_2026|1500|150|140|100|Our 2026 claims study';
        const withSet = {
            ...snapshots,
            records: snapshots.records.map((record) => ({
                ...record,
                fields: { ...record.fields, Savings_Assumption_Set__c: { value: SET, displayValue: null } }
            }))
        };
        const element = await render({ snapshots: withSet, contracts });
        $(element, '.assumptions-toggle').click();
        await flushPromises();
        const items = $$(element, '.assumption').map((li) => li.textContent);
        expect(items).toHaveLength(4);
        expect(items[0]).toContain('$1,500');
        expect(items[3]).toContain('$100');
        expect(items.every((item) => item.includes('Our 2026 claims study (set Claims_2026)'))).toBe(true);
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
        getRelatedListRecords.emitError(
            { status: 403, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'Contracts not accessible' }] },
            byList('Contracts')
        );
        await flushPromises();
        expect(await errorPanelText(element)).toEqual([
            'The value story could not be loaded.',
            'Contracts not accessible'
        ]);
        await expect(element).toBeAccessible();
    });
});
