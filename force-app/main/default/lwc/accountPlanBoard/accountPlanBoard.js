import { LightningElement, api, wire } from 'lwc';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import { isWireLoading, mapRecords, reduceErrors, wireErrors } from 'c/ldsUtils';
import {
    OBJECTIVE_CATEGORIES,
    OBJECTIVE_STATUSES,
    PLAN_FIELDS,
    groupObjectives,
    objectiveFromRecord,
    pickActivePlan,
    planFromRecord,
    targetsVersusActuals
} from 'c/accountPlanMath';
import { formatCurrency, formatMeasure, formatNumber, formatPercent } from 'c/numberFormat';
import { LINES_OF_BUSINESS, SNAPSHOT_FIELDS, snapshotFromRecord } from 'c/utilizationMath';

const OBJECTIVE_OBJECT = 'Account_Plan_Objective__c';

const FORMATTERS = {
    number: (value) => formatNumber(value),
    percent: (value) => formatPercent(value),
    currency: (value) => formatCurrency(value),
    rating: (value) => formatNumber(value, 2)
};

function emptyDraft() {
    return { name: '', category: '', metric: '', lineOfBusiness: '', targetValue: '', dueDate: '' };
}

/** The active account plan: its targets against the latest actuals and its objectives, editable in place. */
export default class AccountPlanBoard extends LightningElement {
    @api recordId;
    @api cardTitle = 'Account plan';

    plans;
    plansError;
    snapshots;
    snapshotsError;
    plan = null;
    activePlanId;
    wiredObjectives;
    objectivesError;

    createdObjectives = [];
    statusById = {};
    savingIds = [];
    rowErrors = {};

    isAdding = false;
    draft = emptyDraft();
    isCreating = false;
    createError;

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Account_Plans__r',
        fields: PLAN_FIELDS,
        sortBy: ['-Account_Plan__c.Plan_Year__c'],
        pageSize: 10
    })
    wiredPlans({ data, error }) {
        this.plans = mapRecords(data, planFromRecord);
        this.plansError = error;
        this.plan = pickActivePlan(this.plans ?? []);
        this.activePlanId = this.plan?.id;
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Utilization_Snapshots__r',
        fields: SNAPSHOT_FIELDS,
        sortBy: ['-Utilization_Snapshot__c.Period_Start__c'],
        pageSize: 200
    })
    wiredSnapshots({ data, error }) {
        this.snapshots = mapRecords(data, snapshotFromRecord);
        this.snapshotsError = error;
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$activePlanId',
        relatedListId: 'Objectives__r',
        fields: [
            'Account_Plan_Objective__c.Name',
            'Account_Plan_Objective__c.Category__c',
            'Account_Plan_Objective__c.Line_Of_Business__c',
            'Account_Plan_Objective__c.Metric__c',
            'Account_Plan_Objective__c.Target_Value__c',
            'Account_Plan_Objective__c.Current_Value__c',
            'Account_Plan_Objective__c.Due_Date__c',
            'Account_Plan_Objective__c.Status__c',
            'Account_Plan_Objective__c.Owner__c',
            'Account_Plan_Objective__c.Owner__r.Name'
        ],
        sortBy: ['Account_Plan_Objective__c.Due_Date__c'],
        pageSize: 200
    })
    wiredObjectiveList({ data, error }) {
        this.wiredObjectives = mapRecords(data, objectiveFromRecord);
        this.objectivesError = error;
    }

    get errors() {
        return wireErrors(this.plansError, this.snapshotsError, this.objectivesError);
    }

    get hasError() {
        return this.errors.length > 0;
    }

    get isLoading() {
        const objectives = this.activePlanId ? this.wiredObjectives : [];
        return isWireLoading(this.errors, this.plans, this.snapshots, objectives);
    }

    get hasPlan() {
        return Boolean(this.plan);
    }

    get canAdd() {
        return !this.isLoading && !this.hasError && this.hasPlan && !this.isAdding;
    }

    get planHeading() {
        return this.plan.name || `${this.plan.planYear} account plan`;
    }

    get planStatusClass() {
        return this.plan.status === 'Active' ? 'slds-theme_success' : '';
    }

    get targets() {
        return targetsVersusActuals(this.plan, this.snapshots ?? []).map((row) => {
            const format = FORMATTERS[row.kind];
            const hasAttainment = row.attainment !== null;
            return {
                ...row,
                actualText: format(row.actual),
                targetText: row.target === null ? 'No target' : format(row.target),
                hasAttainment,
                progress: hasAttainment ? Math.min(100, Math.round(row.attainment)) : 0,
                attainmentText: hasAttainment ? `${Math.round(row.attainment)}% of target` : 'No target set',
                progressLabel: `${row.label}: ${hasAttainment ? Math.round(row.attainment) : 0}% of target`,
                progressStyle: `width: ${hasAttainment ? Math.min(100, Math.round(row.attainment)) : 0}%`
            };
        });
    }

    get objectives() {
        const wired = this.wiredObjectives ?? [];
        const wiredIds = new Set(wired.map((objective) => objective.id));
        return [...wired, ...this.createdObjectives.filter((objective) => !wiredIds.has(objective.id))].map(
            (objective) => ({ ...objective, status: this.statusById[objective.id] ?? objective.status })
        );
    }

    get hasObjectives() {
        return this.objectives.length > 0;
    }

    get objectiveGroups() {
        return groupObjectives(this.objectives).map((group) => ({
            ...group,
            key: group.category,
            heading: `${group.category} (${group.objectives.length})`,
            objectives: group.objectives.map((objective) => ({
                ...objective,
                statusLabel: `Status of ${objective.name}`,
                owner: objective.ownerName || 'Unassigned',
                targetText: formatMeasure(objective.targetValue),
                currentText: formatMeasure(objective.currentValue),
                hasProgressNumbers: objective.targetValue !== null || objective.currentValue !== null,
                isSaving: this.savingIds.includes(objective.id),
                error: this.rowErrors[objective.id]
            }))
        }));
    }

    get statusOptions() {
        return OBJECTIVE_STATUSES.map((status) => ({ label: status, value: status }));
    }

    get categoryOptions() {
        return OBJECTIVE_CATEGORIES.map((category) => ({ label: category, value: category }));
    }

    get lineOfBusinessOptions() {
        return [
            { label: 'All lines of business', value: '' },
            ...LINES_OF_BUSINESS.map((line) => ({ label: line, value: line }))
        ];
    }

    get createErrorMessage() {
        return reduceErrors(this.createError).join(' ');
    }

    async handleStatusChange(event) {
        const id = event.target.dataset.id;
        const status = event.detail.value;
        const previous = this.objectives.find((objective) => objective.id === id)?.status;
        this.statusById = { ...this.statusById, [id]: status };
        this.savingIds = [...this.savingIds, id];
        this.rowErrors = { ...this.rowErrors, [id]: undefined };
        try {
            await updateRecord({ fields: { Id: id, Status__c: status } });
        } catch (error) {
            this.statusById = { ...this.statusById, [id]: previous };
            this.rowErrors = { ...this.rowErrors, [id]: `Status not saved: ${reduceErrors(error).join(' ')}` };
        } finally {
            this.savingIds = this.savingIds.filter((savingId) => savingId !== id);
        }
    }

    startAdding() {
        this.draft = emptyDraft();
        this.createError = undefined;
        this.isAdding = true;
    }

    cancelAdding() {
        this.isAdding = false;
    }

    handleDraftChange(event) {
        const field = event.target.dataset.field;
        this.draft = { ...this.draft, [field]: event.detail.value ?? event.target.value };
    }

    async createObjective() {
        this.template.querySelectorAll('.objective-form [data-field]').forEach((input) => input.reportValidity());
        const draft = this.draft;
        if (!draft.name.trim() || !draft.category) {
            return;
        }
        const fields = {
            Account_Plan__c: this.plan.id,
            Name: draft.name.trim(),
            Category__c: draft.category,
            Metric__c: draft.metric.trim() || null,
            Line_Of_Business__c: draft.lineOfBusiness || null,
            Target_Value__c: draft.targetValue === '' ? null : Number(draft.targetValue),
            Due_Date__c: draft.dueDate || null,
            Status__c: 'Not Started',
            Owner__c: USER_ID
        };
        this.isCreating = true;
        this.createError = undefined;
        try {
            const record = await createRecord({ apiName: OBJECTIVE_OBJECT, fields });
            this.createdObjectives = [
                ...this.createdObjectives,
                {
                    id: record.id,
                    name: fields.Name,
                    category: fields.Category__c,
                    lineOfBusiness: fields.Line_Of_Business__c ?? '',
                    metric: fields.Metric__c ?? '',
                    targetValue: fields.Target_Value__c,
                    currentValue: null,
                    dueDate: fields.Due_Date__c,
                    status: fields.Status__c,
                    ownerName: 'You'
                }
            ];
            this.isAdding = false;
            this.dispatchEvent(
                new ShowToastEvent({ title: 'Objective added', message: fields.Name, variant: 'success' })
            );
        } catch (error) {
            this.createError = error;
        } finally {
            this.isCreating = false;
        }
    }
}
