import { createElement } from 'lwc';
import PrepareQbr from 'c/prepareQbr';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

const account = require('./data/account.json');
const snapshots = require('./data/snapshots.json');
const contracts = require('./data/contracts.json');
const plans = require('./data/plans.json');
const objectives = require('./data/objectives.json');
const stakeholders = require('./data/stakeholders.json');
const assessments = require('./data/assessments.json');
const empty = require('./data/empty.json');

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

const byList = (relatedListId) => (config) => config.relatedListId === relatedListId;

const FULL = { snapshots, contracts, plans, objectives, stakeholders, assessments };

async function render(lists = FULL, quarter = '2026-Q3') {
    const element = createElement('c-prepare-qbr', { is: PrepareQbr });
    element.recordId = account.id;
    document.body.appendChild(element);
    await flushPromises();
    element.shadowRoot
        .querySelector('lightning-combobox.quarter')
        .dispatchEvent(new CustomEvent('change', { detail: { value: quarter } }));
    getRecord.emit(account);
    getRelatedListRecords.emit(lists.snapshots, byList('Utilization_Snapshots__r'));
    getRelatedListRecords.emit(lists.contracts, byList('Contracts'));
    getRelatedListRecords.emit(lists.plans, byList('Account_Plans__r'));
    getRelatedListRecords.emit(lists.stakeholders, byList('Stakeholders__r'));
    getRelatedListRecords.emit(lists.assessments, byList('Renewal_Risk_Assessments__r'));
    await flushPromises();
    getRelatedListRecords.emit(lists.objectives, byList('Objectives__r'));
    await flushPromises();
    return element;
}

const preview = (element) => element.shadowRoot.querySelector('.qbr-preview');
const figure = (element, id) => preview(element).querySelector(`[data-figure="${id}"]`)?.textContent;
const text = (element) => preview(element).textContent.replace(/\s+/g, ' ');

describe('c-prepare-qbr', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.restoreAllMocks();
    });

    it('previews the quarter with the numbers worked out by hand from the fixture', async () => {
        const element = await render();
        // Jul–Sep 2026: eligible 1,200 in September; 120 visits over 3,200 member-months = 450 per 1,000 a year;
        // fees 0.50 × 3,200 + 20 × 120 = $4,000; savings 3,000 + 4,000 + 5,000 = $12,000; ROI 3×;
        // rating (4.5 × 10 + 4 × 20 + 5 × 10) / 40 = 4.375.
        expect(figure(element, 'Commercial.2026-Q3.eligible')).toBe('1,200');
        expect(figure(element, 'Commercial.2026-Q3.visitsPer1000')).toBe('450');
        expect(figure(element, 'Commercial.2026-Q3.fees')).toBe('$4,000');
        expect(figure(element, 'Commercial.2026-Q3.savings')).toBe('$12,000');
        expect(figure(element, 'Commercial.2026-Q3.roi')).toBe('3×');
        expect(figure(element, 'Commercial.2026-Q3.rating')).toBe('4.38');
        // The quarter before has June only: 20 visits over 1,000 member-months = 240.
        expect(figure(element, 'Commercial.2026-Q2.visitsPer1000')).toBe('240');
        // A quarter of the Active 2026 plan's annual $40,000 target, not the closed 2025 plan's.
        expect(figure(element, 'target.quarterSavings')).toBe('$10,000');
        expect(figure(element, 'assumption.Public_2024_Averages.erVisitCost')).toBe('$1,686');
    });

    it('shows the cover, the account plan and plain-words risks, never the score', async () => {
        const element = await render();
        const content = text(element);
        expect(content).toContain('Solo Commercial Health');
        expect(content).toContain('Dana Whitfield, Chief Medical Officer');
        expect(content).toContain('Jordan Lee, Account director');
        expect(content).toContain('Riley Park, Relationship owner');
        expect(content).toContain('Account plan: Solo 2026 plan');
        expect(content).toContain('The agreement is up for renewal soon');
        expect(content).toContain('We would like more time with your leadership');
        expect(content).not.toContain('Member satisfaction is below our shared target');
        expect(content).not.toMatch(/\b(score|tier)\b/i);
        expect(content).toContain('Public 2024 averages (fixture)');
    });

    it('renders again for another quarter', async () => {
        const element = await render();
        element.shadowRoot
            .querySelector('lightning-combobox.quarter')
            .dispatchEvent(new CustomEvent('change', { detail: { value: '2026-Q2' } }));
        await flushPromises();
        expect(figure(element, 'Commercial.2026-Q2.visitsPer1000')).toBe('240');
        expect(figure(element, 'Commercial.2026-Q2.eligible')).toBe('1,000');
        expect(preview(element).querySelector('h1 + .qbr-quarter').textContent).toBe('Q2 2026');
    });

    it('says what is missing for an empty quarter and a plan without an account plan', async () => {
        const element = await render({ ...FULL, snapshots: empty, plans: empty, objectives: empty }, '2026-Q3');
        const content = text(element);
        expect(content).toContain('No utilization was reported for Q3 2026');
        expect(content).toContain('There is no active account plan for this health plan yet');
        expect(figure(element, 'All lines.2026-Q3.eligible')).toBe('—');
    });

    it('prints with the browser print dialog, at the paper size chosen', async () => {
        const element = await render();
        const print = jest.spyOn(window, 'print').mockImplementation(() => {});
        element.shadowRoot
            .querySelector('lightning-combobox.paper')
            .dispatchEvent(new CustomEvent('change', { detail: { value: 'a4' } }));
        await flushPromises();
        expect(preview(element).querySelector('style').textContent).toContain('size: A4');
        element.shadowRoot.querySelector('lightning-button.print').click();
        expect(print).toHaveBeenCalledTimes(1);
    });

    it('shows one error panel when a wire fails', async () => {
        const element = createElement('c-prepare-qbr', { is: PrepareQbr });
        element.recordId = account.id;
        document.body.appendChild(element);
        await flushPromises();
        getRelatedListRecords.error({ body: { message: 'No access' } }, 403, 'Forbidden', byList('Contracts'));
        await flushPromises();
        expect(element.shadowRoot.querySelector('c-error-panel')).not.toBeNull();
        expect(element.shadowRoot.querySelector('lightning-button.print').disabled).toBe(true);
    });

    it('is accessible', async () => {
        const element = await render();
        await expect(element).toBeAccessible();
    });
});
