import { createElement } from 'lwc';
import StakeholderMap from 'c/stakeholderMap';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

const stakeholders = require('./data/stakeholders.json');
const stakeholdersWithGaps = require('./data/stakeholdersWithGaps.json');
const stakeholdersEmpty = require('./data/stakeholdersEmpty.json');

const ACCOUNT_ID = '001000000000001AAA';
const NOW = Date.parse('2026-11-26T12:00:00Z');

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

async function render(data) {
    const element = createElement('c-stakeholder-map', { is: StakeholderMap });
    element.recordId = ACCOUNT_ID;
    document.body.appendChild(element);
    if (data) {
        getRelatedListRecords.emit(data);
    }
    await flushPromises();
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];

describe('c-stakeholder-map', () => {
    let clock;

    beforeEach(() => {
        clock = jest.spyOn(Date, 'now').mockReturnValue(NOW);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        clock.mockRestore();
    });

    it('reads the account stakeholders with their contact and owner names', async () => {
        await render();
        expect(getRelatedListRecords.getLastConfig()).toMatchObject({
            parentRecordId: ACCOUNT_ID,
            relatedListId: 'Stakeholders__r',
            fields: expect.arrayContaining([
                'Plan_Stakeholder__c.Contact__r.LastName',
                'Plan_Stakeholder__c.Relationship_Owner__r.Name'
            ])
        });
    });

    it('shows a spinner while loading', async () => {
        const element = await render();
        expect($(element, 'lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('lays stakeholders out by role with sentiment, influence and days since engagement', async () => {
        const element = await render(stakeholders);
        expect($$(element, 'section.role').map((section) => section.dataset.role)).toEqual([
            'Executive',
            'Clinical',
            'Network',
            'Finance'
        ]);
        const ceo = $(element, 'li.person[data-id="a04000000000001AAA"]');
        expect(ceo.querySelector('.name').textContent).toBe('Maria Chen');
        expect(ceo.querySelector('[data-kind="sentiment"]').label).toBe('Supporter');
        expect(ceo.querySelector('[data-kind="influence"]').label).toBe('High influence');
        expect(ceo.querySelector('.engagement').textContent).toBe('Last engaged 56 days ago');

        const network = $(element, 'li.person[data-id="a04000000000003AAA"] .engagement');
        expect(network.textContent).toBe('Last engaged 164 days ago: overdue');
        expect(network.className).toContain('slds-text-color_error');
        const cfo = $(element, 'li.person[data-id="a04000000000004AAA"]');
        expect(cfo.querySelector('.engagement').textContent).toBe('Never engaged: reach out');
        expect(cfo.querySelector('[data-kind="sentiment"]').className).toContain('slds-theme_error');
        expect($(element, '.gaps')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('flags a missing clinical, network or product champion and a silent executive', async () => {
        const element = await render(stakeholdersWithGaps);
        expect($$(element, '.gap').map((gap) => gap.dataset.gap)).toEqual(['champion', 'executive']);
        expect($(element, '.gaps h3').textContent).toContain('2 coverage gaps');
        await expect(element).toBeAccessible();
    });

    it('explains an empty map and still flags the gaps', async () => {
        const element = await render(stakeholdersEmpty);
        expect($(element, '.empty')).not.toBeNull();
        expect($$(element, '.gap')).toHaveLength(2);
        await expect(element).toBeAccessible();
    });

    it('opens "Log a touch" for one stakeholder with its contact, and closes it once logged', async () => {
        const element = await render(stakeholders);
        const button = $(element, 'button.log-touch[data-id="a04000000000001AAA"]');
        expect(button.getAttribute('aria-label')).toBe('Log a touch with Maria Chen');
        button.click();
        await flushPromises();
        const form = $(element, 'li.person[data-id="a04000000000001AAA"] c-log-touch-form');
        expect(form.stakeholder).toMatchObject({
            id: 'a04000000000001AAA',
            name: 'Maria Chen',
            contactId: '003000000000001AAA'
        });
        expect(form.accountId).toBe(ACCOUNT_ID);
        expect($$(element, 'c-log-touch-form')).toHaveLength(1);
        await expect(element).toBeAccessible();
        form.dispatchEvent(new CustomEvent('logged'));
        await flushPromises();
        expect($(element, 'c-log-touch-form')).toBeNull();
    });

    it('shows the error panel when the list cannot be read', async () => {
        const element = await render();
        getRelatedListRecords.error({ body: [{ message: 'Stakeholders__r is not a valid related list' }] });
        await flushPromises();
        expect($(element, 'c-error-panel')).not.toBeNull();
        expect($(element, '.gaps')).toBeNull();
        await expect(element).toBeAccessible();
    });
});
