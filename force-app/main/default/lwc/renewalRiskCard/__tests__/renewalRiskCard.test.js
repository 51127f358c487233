import { createElement } from 'lwc';
import RenewalRiskCard from 'c/renewalRiskCard';
import { getRecord, updateRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';

const account = require('./data/account.json');
const accountWithOverride = require('./data/accountWithOverride.json');
const accountNeverScored = require('./data/accountNeverScored.json');
const assessments = require('./data/assessments.json');
const assessmentsEmpty = require('./data/assessmentsEmpty.json');

const NOW = Date.parse('2026-11-26T12:00:00Z');

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

function render() {
    const element = createElement('c-renewal-risk-card', { is: RenewalRiskCard });
    element.recordId = account.id;
    document.body.appendChild(element);
    return element;
}

async function renderWith(accountData, assessmentData) {
    const element = render();
    getRecord.emit(accountData);
    getRelatedListRecords.emit(assessmentData);
    await flushPromises();
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];

describe('c-renewal-risk-card', () => {
    let clock;

    beforeEach(() => {
        clock = jest.spyOn(Date, 'now').mockReturnValue(NOW);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        clock.mockRestore();
        jest.clearAllMocks();
    });

    it('asks for the account risk fields and the two latest assessments', async () => {
        render();
        await flushPromises();
        expect(getRecord.getLastConfig()).toEqual({
            recordId: account.id,
            fields: expect.arrayContaining([
                expect.objectContaining({ fieldApiName: 'Renewal_Risk_Score__c' }),
                expect.objectContaining({ fieldApiName: 'Renewal_Risk_Override__c' }),
                expect.objectContaining({ fieldApiName: 'Renewal_Date__c' })
            ])
        });
        expect(getRelatedListRecords.getLastConfig()).toMatchObject({
            parentRecordId: account.id,
            relatedListId: 'Renewal_Risk_Assessments__r',
            sortBy: ['-Renewal_Risk_Assessment__c.Assessed_On__c'],
            pageSize: 2
        });
    });

    it('shows a spinner until both wires answer', async () => {
        const element = render();
        getRecord.emit(account);
        await flushPromises();
        expect($(element, 'lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows score, model tier, change, renewal countdown, drivers and plays', async () => {
        const element = await renderWith(account, assessments);
        expect($(element, 'lightning-spinner')).toBeNull();
        expect($(element, '.score-value').textContent).toBe('68');
        expect($(element, '[data-id="tier"]').label).toBe('High');
        expect($(element, '[data-id="tier"]').className).toContain('slds-theme_warning');
        expect($(element, '.model-tier')).toBeNull();
        expect($(element, '.change').textContent).toContain('Up 7 points since the previous assessment (riskier)');
        // Relationship health is new (+9.8); registration fell from 16.2 to 14.2 points (−2); utilization held at 21.5.
        expect($(element, '.change-by-factor').textContent).toBe('+9.8 Relationship health, −2 Registration vs target');
        expect($(element, '.renewal-percent').textContent.trim()).toBe(
            'Plans scored like this renewed 35% of the time.'
        );
        expect($(element, '.renewal').textContent).toContain('125 days to renewal');

        const drivers = $$(element, '.driver');
        expect(drivers).toHaveLength(3);
        expect(drivers[0].querySelector('.driver-sentence').textContent).toBe(
            'Visits per 1,000 fell 18% over the last 3 months.'
        );
        expect(drivers[0].querySelector('.driver-points').textContent).toBe('21.5 points');
        expect(drivers[0].querySelector('.bar').style.width).toBe('100%');
        expect(drivers[2].querySelector('.bar').style.width).toBe('46%');

        expect($$(element, '.plays li').map((li) => li.textContent)).toEqual([
            'Book an executive business review with the CMO',
            'Launch a registration campaign for Medicaid members'
        ]);
        await expect(element).toBeAccessible();
    });

    it('shows the rep override with the model tier and reason beside it', async () => {
        const element = await renderWith(accountWithOverride, assessments);
        expect($(element, '[data-id="tier"]').label).toBe('Critical (rep override)');
        expect($(element, '[data-id="tier"]').className).toContain('slds-theme_error');
        expect($(element, '.model-tier').textContent).toBe('Model tier: High');
        expect($(element, '.override-reason').textContent).toContain('New CFO is running an RFP');
        expect($(element, '.clear-override')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('opens and closes the what-if for this account, saying whether it is open', async () => {
        const element = await renderWith(account, assessments);
        const toggle = $(element, '.what-if-toggle');
        expect(toggle.textContent.trim()).toBe('What if…');
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        expect($(element, 'c-risk-what-if')).toBeNull();
        toggle.click();
        await flushPromises();
        expect($(element, 'c-risk-what-if').recordId).toBe(element.recordId);
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
        expect(toggle.textContent.trim()).toBe('Close what if');
        toggle.click();
        await flushPromises();
        expect($(element, 'c-risk-what-if')).toBeNull();
    });

    it('explains when the account was never scored', async () => {
        const element = await renderWith(accountNeverScored, assessmentsEmpty);
        expect($(element, '.empty').textContent).toContain('This account has not been scored yet.');
        expect($(element, '.empty .renewal').textContent).toContain('125 days to renewal');
        expect($(element, '.score-value')).toBeNull();
        expect($(element, '.start-override')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows one error panel when a wire fails', async () => {
        const element = render();
        getRecord.error({ message: 'Insufficient access to Renewal_Risk_Score__c' });
        getRelatedListRecords.emit(assessments);
        await flushPromises();
        const panel = $(element, 'c-error-panel');
        expect(panel).not.toBeNull();
        expect(panel.errors).toHaveLength(1);
        expect($(element, '.start-override')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows a Date-only scored-at (Assessed_On__c) in UTC and the Scored At date-time in local time', async () => {
        const withoutScoredAt = JSON.parse(JSON.stringify(account));
        withoutScoredAt.fields.Renewal_Risk_Scored_At__c = { value: null, displayValue: null };
        const fromAssessment = await renderWith(withoutScoredAt, assessments);
        const dates = $$(fromAssessment, 'lightning-formatted-date-time');
        const scored = dates.find((d) => d.value === assessments.records[0].fields.Assessed_On__c.value);
        expect(scored.timeZone).toBe('UTC');
        document.body.removeChild(fromAssessment);

        const fromAccount = await renderWith(account, assessments);
        const scoredAt = $$(fromAccount, 'lightning-formatted-date-time').find(
            (d) => d.value === account.fields.Renewal_Risk_Scored_At__c.value
        );
        expect(scoredAt.timeZone).toBeUndefined();
    });

    it("limits the override reason to the field's 255 characters", async () => {
        const element = await renderWith(account, assessments);
        $(element, '.start-override').click();
        await flushPromises();
        // Account.Renewal_Risk_Override_Reason__c is a Text Area: 255 characters.
        expect(Number($(element, 'lightning-textarea').maxLength)).toBe(255);
    });

    it('sets an override with a reason and announces it', async () => {
        updateRecord.mockResolvedValue({});
        const element = await renderWith(account, assessments);
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);

        $(element, '.start-override').click();
        await flushPromises();
        const combobox = $(element, 'lightning-combobox');
        expect(combobox.value).toBe('High');
        combobox.dispatchEvent(new CustomEvent('change', { detail: { value: 'Critical' } }));
        $(element, 'lightning-textarea').dispatchEvent(
            new CustomEvent('change', { detail: { value: '  Competitor pitched the new CFO.  ' } })
        );
        $(element, '.save').click();
        await flushPromises();

        expect(updateRecord).toHaveBeenCalledWith({
            fields: {
                Id: account.id,
                Renewal_Risk_Override__c: 'Critical',
                Renewal_Risk_Override_Reason__c: 'Competitor pitched the new CFO.'
            }
        });
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: account.id }]);
        expect(toast).toHaveBeenCalledTimes(1);
        expect(toast.mock.calls[0][0].detail).toMatchObject({
            variant: 'success',
            message: 'Risk tier set to Critical.'
        });
        expect($(element, '.override-form')).toBeNull();
    });

    it('does not save an override without a reason', async () => {
        const element = await renderWith(account, assessments);
        $(element, '.start-override').click();
        await flushPromises();
        $(element, '.save').click();
        await flushPromises();
        expect(updateRecord).not.toHaveBeenCalled();
        expect($(element, '.override-form')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('clears the override', async () => {
        updateRecord.mockResolvedValue({});
        const element = await renderWith(accountWithOverride, assessments);
        $(element, '.clear-override').click();
        await flushPromises();
        expect(updateRecord).toHaveBeenCalledWith({
            fields: { Id: account.id, Renewal_Risk_Override__c: null, Renewal_Risk_Override_Reason__c: null }
        });
    });

    it('keeps the form open and shows why a save failed', async () => {
        updateRecord.mockRejectedValue({ body: { message: 'You do not have access to this field.' } });
        const element = await renderWith(account, assessments);
        $(element, '.start-override').click();
        await flushPromises();
        $(element, 'lightning-textarea').dispatchEvent(new CustomEvent('change', { detail: { value: 'Reason' } }));
        $(element, '.save').click();
        await flushPromises();
        expect($(element, '.save-error').textContent).toBe('You do not have access to this field.');
        expect($(element, '.override-form')).not.toBeNull();
        await expect(element).toBeAccessible();
    });
});
