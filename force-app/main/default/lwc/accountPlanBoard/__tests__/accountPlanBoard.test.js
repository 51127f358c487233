import { createElement } from 'lwc';
import AccountPlanBoard from 'c/accountPlanBoard';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { errorPanelText } from '../../errorPanel/__tests__/errorPanelText';

const plans = require('./data/plans.json');
const snapshots = require('./data/snapshots.json');
const objectives = require('./data/objectives.json');
const empty = require('./data/empty.json');

const ACCOUNT_ID = '001000000000001AAA';
const ACTIVE_PLAN_ID = 'a00000000000002AAA';

function flushPromises() {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    return new Promise((resolve) => setTimeout(resolve, 0));
}

const byList = (relatedListId) => (config) => config.relatedListId === relatedListId;

async function render(lists = { plans, snapshots, objectives }) {
    const element = createElement('c-account-plan-board', { is: AccountPlanBoard });
    element.recordId = ACCOUNT_ID;
    document.body.appendChild(element);
    await flushPromises();
    if (lists) {
        getRelatedListRecords.emit(lists.plans, byList('Account_Plans__r'));
        getRelatedListRecords.emit(lists.snapshots, byList('Utilization_Snapshots__r'));
        await flushPromises();
        if (lists.objectives) {
            getRelatedListRecords.emit(lists.objectives, byList('Objectives__r'));
        }
        await flushPromises();
    }
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];

function statusBox(element, objectiveId) {
    return $(element, `li.objective[data-id="${objectiveId}"] lightning-combobox`);
}

describe('c-account-plan-board', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('reads the objectives of the active plan', async () => {
        await render();
        const configs = [];
        getRelatedListRecords.emit(undefined, (config) => configs.push(config) && false);
        expect(configs.find((config) => config.relatedListId === 'Objectives__r')).toMatchObject({
            parentRecordId: ACTIVE_PLAN_ID,
            fields: expect.arrayContaining(['Account_Plan_Objective__c.Owner__r.Name'])
        });
    });

    it('shows a spinner until plan, snapshots and objectives arrive', async () => {
        const element = await render({ plans, snapshots });
        expect($(element, 'lightning-spinner')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('compares the active plan targets with the latest actuals', async () => {
        const element = await render();
        expect($(element, '.plan-heading').textContent).toBe('2026 account plan');
        const target = (key) => $(element, `li.target[data-key="${key}"]`);
        // Oct 2026: 1,625 visits among 65,000 eligible (two lines), annualized 1625 / 65000 × 12000 = 300 against
        // 320: 93.75% → 94. Savings Jan–Oct 2026 total 2,210,000 against 2,500,000: 88.4% → 88%.
        expect(target('visits').querySelector('.actual').textContent).toBe('300');
        expect(target('visits').querySelector('.target-value').textContent).toBe('320');
        expect(target('visits').querySelector('.progress').getAttribute('aria-valuenow')).toBe('94');
        expect(target('savings').querySelector('.attainment').textContent).toBe('88% of target');
        expect(target('rating').querySelector('.target-value').textContent).toBe('4.60');
        await expect(element).toBeAccessible();
    });

    it('groups objectives by category with owner, due date and status', async () => {
        const element = await render();
        expect($$(element, 'section.objective-group').map((section) => section.dataset.category)).toEqual([
            'Retention',
            'Growth',
            'Marketing'
        ]);
        const growth = $$(element, 'section[data-category="Growth"] .objective-name').map((p) => p.textContent);
        expect(growth).toEqual(['Launch behavioral health for Exchange', 'Lift Medicaid registration to 20%']);
        const unowned = $(element, 'li.objective[data-id="a01000000000003AAA"]');
        expect(unowned.querySelector('.owner').textContent).toBe('Owner: Unassigned');
        expect(statusBox(element, 'a01000000000002AAA').value).toBe('At Risk');
        expect(statusBox(element, 'a01000000000002AAA').label).toBe('Status of Lift Medicaid registration to 20%');
        await expect(element).toBeAccessible();
    });

    it('saves a status change inline', async () => {
        updateRecord.mockResolvedValue({});
        const element = await render();
        statusBox(element, 'a01000000000002AAA').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'On Track' } })
        );
        await flushPromises();
        expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: 'a01000000000002AAA', Status__c: 'On Track' } });
        expect(statusBox(element, 'a01000000000002AAA').value).toBe('On Track');
        expect(statusBox(element, 'a01000000000002AAA').disabled).toBe(false);
    });

    it('puts the status back and says why when the save fails', async () => {
        updateRecord.mockRejectedValue({ body: { message: 'Record is locked' } });
        const element = await render();
        statusBox(element, 'a01000000000002AAA').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'Done' } })
        );
        await flushPromises();
        expect(statusBox(element, 'a01000000000002AAA').value).toBe('At Risk');
        expect($(element, '.row-error').textContent).toBe('Status not saved: Record is locked');
        await expect(element).toBeAccessible();
    });

    it('adds an objective to the active plan', async () => {
        createRecord.mockResolvedValue({ id: 'a01000000000009AAA', fields: {} });
        const element = await render();
        $(element, '.add-objective').click();
        await flushPromises();
        const field = (name) => $(element, `.objective-form [data-field="${name}"]`);
        field('name').dispatchEvent(new CustomEvent('change', { detail: { value: 'Pilot SMS reminders' } }));
        field('category').dispatchEvent(new CustomEvent('change', { detail: { value: 'Product' } }));
        field('targetValue').dispatchEvent(new CustomEvent('change', { detail: { value: '12.5' } }));
        field('dueDate').dispatchEvent(new CustomEvent('change', { detail: { value: '2026-12-15' } }));
        await expect(element).toBeAccessible();
        $(element, '.save-objective').click();
        await flushPromises();

        expect(createRecord).toHaveBeenCalledWith({
            apiName: 'Account_Plan_Objective__c',
            fields: expect.objectContaining({
                Account_Plan__c: ACTIVE_PLAN_ID,
                Name: 'Pilot SMS reminders',
                Category__c: 'Product',
                Target_Value__c: 12.5,
                Due_Date__c: '2026-12-15',
                Status__c: 'Not Started',
                Line_Of_Business__c: null
            })
        });
        expect($(element, '.objective-form')).toBeNull();
        expect($(element, 'section[data-category="Product"] .objective-name').textContent).toBe('Pilot SMS reminders');
    });

    it("limits the objective's text inputs to their fields' lengths", async () => {
        const element = await render();
        $(element, '.add-objective').click();
        await flushPromises();
        const field = (name) => $(element, `.objective-form [data-field="${name}"]`);
        // Name is 80 characters (the object's name field), Metric__c a Text(255).
        expect(Number(field('name').maxLength)).toBe(80);
        expect(Number(field('metric').maxLength)).toBe(255);
    });

    it('requires a name and a category before creating', async () => {
        const element = await render();
        $(element, '.add-objective').click();
        await flushPromises();
        $(element, '.save-objective').click();
        await flushPromises();
        expect(createRecord).not.toHaveBeenCalled();
        expect($(element, '.objective-form')).not.toBeNull();
    });

    it('keeps the form and shows the error when creating fails', async () => {
        createRecord.mockRejectedValue({ body: [{ message: 'Insufficient access rights on cross-reference id' }] });
        const element = await render();
        $(element, '.add-objective').click();
        await flushPromises();
        const field = (name) => $(element, `.objective-form [data-field="${name}"]`);
        field('name').dispatchEvent(new CustomEvent('change', { detail: { value: 'X' } }));
        field('category').dispatchEvent(new CustomEvent('change', { detail: { value: 'Growth' } }));
        $(element, '.save-objective').click();
        await flushPromises();
        expect($(element, '.create-error').textContent).toBe('Insufficient access rights on cross-reference id');
    });

    it('invites the first objective when the plan has none', async () => {
        const element = await render({ plans, snapshots, objectives: empty });
        expect($(element, '.no-objectives')).not.toBeNull();
        expect($(element, '.add-objective')).not.toBeNull();
        await expect(element).toBeAccessible();
    });

    it('explains when there is no account plan', async () => {
        const element = await render({ plans: empty, snapshots: empty });
        expect($(element, '.empty').textContent).toContain('No account plan for this health plan yet.');
        expect($(element, '.add-objective')).toBeNull();
        await expect(element).toBeAccessible();
    });

    it('shows the error panel when a list fails', async () => {
        const element = await render(null);
        getRelatedListRecords.emitError(
            { status: 403, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'No access' }] },
            byList('Account_Plans__r')
        );
        await flushPromises();
        expect(await errorPanelText(element)).toEqual(['The account plan could not be loaded.', 'No access']);
        await expect(element).toBeAccessible();
    });
});
