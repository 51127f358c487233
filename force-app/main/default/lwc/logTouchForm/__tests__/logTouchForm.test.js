import { createElement } from 'lwc';
import LogTouchForm from 'c/logTouchForm';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';

const STAKEHOLDER = {
    id: 'a04000000000001AAA',
    name: 'Maria Chen',
    contactId: '003000000000001AAA',
    lastEngagement: '2026-09-01',
    sentiment: 'Neutral'
};
const ACCOUNT_ID = '001000000000001AAA';

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

async function render() {
    const element = createElement('c-log-touch-form', { is: LogTouchForm });
    element.stakeholder = STAKEHOLDER;
    element.accountId = ACCOUNT_ID;
    element.today = '2026-11-29';
    document.body.appendChild(element);
    await flushPromises();
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);

async function change(element, field, value) {
    const input = $(element, `[data-field="${field}"]`);
    input.value = value;
    input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await flushPromises();
}

describe('c-log-touch-form', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('creates a completed Task, then moves the engagement date and sentiment of the stakeholder', async () => {
        createRecord.mockResolvedValue({ id: '00T000000000001AAA' });
        updateRecord.mockResolvedValue({});
        const element = await render();
        const logged = jest.fn();
        const toast = jest.fn();
        element.addEventListener('logged', logged);
        element.addEventListener(ShowToastEvent.name ?? 'lightning__showtoast', toast);
        await change(element, 'date', '2026-11-20');
        await change(element, 'channel', 'Call');
        await change(element, 'note', '  Walked through the savings.  ');
        await change(element, 'newSentiment', 'Supporter');
        $(element, 'lightning-button.save').click();
        await flushPromises();
        expect(createRecord).toHaveBeenCalledWith({
            apiName: 'Task',
            fields: {
                Subject: 'Call with Maria Chen',
                ActivityDate: '2026-11-20',
                Status: 'Completed',
                Type: 'Call',
                TaskSubtype: 'Call',
                Description: 'Walked through the savings.',
                WhoId: '003000000000001AAA',
                WhatId: '001000000000001AAA'
            }
        });
        expect(updateRecord).toHaveBeenCalledWith({
            fields: { Id: 'a04000000000001AAA', Last_Engagement_Date__c: '2026-11-20', Sentiment__c: 'Supporter' }
        });
        expect(logged).toHaveBeenCalledTimes(1);
        expect(logged.mock.calls[0][0].detail).toEqual({ stakeholderId: 'a04000000000001AAA' });
    });

    it('leaves the stakeholder alone when nothing about it changes', async () => {
        createRecord.mockResolvedValue({ id: '00T000000000001AAA' });
        const element = await render();
        await change(element, 'date', '2026-08-01');
        $(element, 'lightning-button.save').click();
        await flushPromises();
        expect(createRecord.mock.calls[0][0].fields).toMatchObject({ ActivityDate: '2026-08-01', Type: 'Meeting' });
        expect(updateRecord).not.toHaveBeenCalled();
    });

    it('shows the org error when the Task cannot be created and stays open', async () => {
        createRecord.mockRejectedValue({
            body: [{ message: 'Task: insufficient access rights', errorCode: 'INSUFFICIENT_ACCESS' }]
        });
        const element = await render();
        const logged = jest.fn();
        element.addEventListener('logged', logged);
        $(element, 'lightning-button.save').click();
        await flushPromises();
        expect($(element, '.save-error').textContent).toBe('Task: insufficient access rights');
        expect(logged).not.toHaveBeenCalled();
        await expect(element).toBeAccessible();
    });

    it('defaults to today, a meeting and no sentiment change, and closes on Escape', async () => {
        const element = await render();
        expect($(element, '[data-field="date"]').value).toBe('2026-11-29');
        expect($(element, '[data-field="date"]').max).toBe('2026-11-29');
        expect($(element, '[data-field="channel"]').value).toBe('Meeting');
        expect($(element, '[data-field="newSentiment"]').options[0]).toEqual({
            value: '',
            label: 'No change (Neutral)'
        });
        const close = jest.fn();
        element.addEventListener('close', close);
        $(element, 'section').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
        expect(close).toHaveBeenCalledTimes(1);
        await expect(element).toBeAccessible();
    });
});
