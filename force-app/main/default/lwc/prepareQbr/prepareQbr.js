import { LightningElement, api, wire } from 'lwc';
import { getRecord } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { isWireLoading, wireErrors } from 'c/ldsUtils';
import { buildQbr, qbrStyles, renderQbrBody } from 'c/qbrDocument';
import {
    QBR_ASSESSMENT_FIELDS,
    QBR_CONTRACT_FIELDS,
    QBR_OBJECTIVE_FIELDS,
    QBR_PLAN_FIELDS,
    QBR_SNAPSHOT_FIELDS,
    QBR_STAKEHOLDER_FIELDS,
    activePlan,
    qbrInput,
    recentQuarters
} from './qbrInput';

const ACCOUNT_FIELDS = ['Account.Name', 'Account.Health_Plan_Id__c', 'Account.Owner.Name'];

/**
 * "Prepare QBR" on the Account: the quarterly business review the CLI writes (`sf healthplan qbr`),
 * built and rendered by the same module, previewed for the chosen quarter and printed with the
 * browser's print dialog.
 */
export default class PrepareQbr extends LightningElement {
    @api recordId;

    today = new Date().toISOString().slice(0, 10);
    quarter = recentQuarters(this.today)[0];
    paper = 'letter';

    account;
    snapshots;
    contracts;
    plans;
    objectives;
    stakeholders;
    assessments;
    wireError = {};
    renderedHtml;

    @wire(getRecord, { recordId: '$recordId', fields: ACCOUNT_FIELDS })
    wiredAccount({ data, error }) {
        this.account = data;
        this.wireError = { ...this.wireError, account: error };
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Utilization_Snapshots__r',
        fields: QBR_SNAPSHOT_FIELDS,
        sortBy: ['-Utilization_Snapshot__c.Period_Start__c'],
        pageSize: 200
    })
    wiredSnapshots({ data, error }) {
        this.snapshots = data?.records;
        this.wireError = { ...this.wireError, snapshots: error };
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Contracts',
        fields: QBR_CONTRACT_FIELDS,
        pageSize: 50
    })
    wiredContracts({ data, error }) {
        this.contracts = data?.records;
        this.wireError = { ...this.wireError, contracts: error };
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Account_Plans__r',
        fields: QBR_PLAN_FIELDS,
        pageSize: 20
    })
    wiredPlans({ data, error }) {
        this.plans = data?.records;
        this.wireError = { ...this.wireError, plans: error };
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$planId',
        relatedListId: 'Objectives__r',
        fields: QBR_OBJECTIVE_FIELDS,
        pageSize: 100
    })
    wiredObjectives({ data, error }) {
        this.objectives = data?.records;
        this.wireError = { ...this.wireError, objectives: error };
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Stakeholders__r',
        fields: QBR_STAKEHOLDER_FIELDS,
        pageSize: 100
    })
    wiredStakeholders({ data, error }) {
        this.stakeholders = data?.records;
        this.wireError = { ...this.wireError, stakeholders: error };
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Renewal_Risk_Assessments__r',
        fields: QBR_ASSESSMENT_FIELDS,
        sortBy: ['-Renewal_Risk_Assessment__c.Assessed_On__c'],
        pageSize: 1
    })
    wiredAssessments({ data, error }) {
        this.assessments = data?.records;
        this.wireError = { ...this.wireError, assessments: error };
    }

    get plan() {
        return this.plans ? activePlan(this.plans, this.quarter) : null;
    }

    /** The active plan's id, for its objectives; undefined keeps that wire waiting. */
    get planId() {
        return this.plan?.id;
    }

    get errors() {
        return wireErrors(...Object.values(this.wireError));
    }

    get hasError() {
        return this.errors.length > 0;
    }

    get isLoading() {
        const objectivesPending = this.plan && !this.objectives;
        return (
            isWireLoading(this.errors, this.account, this.snapshots, this.contracts, this.plans, this.stakeholders) ||
            (this.errors.length === 0 && Boolean(objectivesPending))
        );
    }

    get quarterOptions() {
        return recentQuarters(this.today).map((quarter) => ({
            label: `Q${quarter.slice(6)} ${quarter.slice(0, 4)}`,
            value: quarter
        }));
    }

    get paperOptions() {
        return [
            { label: 'Letter', value: 'letter' },
            { label: 'A4', value: 'a4' }
        ];
    }

    /** The document: the shared builder's structure and numbers, rendered by the shared renderer. */
    get document() {
        if (this.isLoading || this.hasError) {
            return null;
        }
        return buildQbr(
            qbrInput({
                account: this.account,
                snapshots: this.snapshots,
                contracts: this.contracts,
                plan: this.plan,
                objectives: this.plan ? this.objectives : [],
                stakeholders: this.stakeholders,
                assessments: this.assessments,
                quarter: this.quarter,
                today: this.today
            })
        );
    }

    get printDisabled() {
        return !this.document;
    }

    handleQuarter(event) {
        this.quarter = event.detail.value;
    }

    handlePaper(event) {
        this.paper = event.detail.value;
    }

    handlePrint() {
        window.print();
    }

    renderedCallback() {
        const container = this.template.querySelector('.qbr-preview');
        const qbr = this.document;
        if (!container || !qbr) {
            return;
        }
        // The renderer escapes every value it prints; the markup is the same the CLI writes to its file.
        const html = `<style>${qbrStyles(this.paper)}</style>${renderQbrBody(qbr)}`;
        if (html !== this.renderedHtml) {
            this.renderedHtml = html;
            // eslint-disable-next-line @lwc/lwc/no-inner-html
            container.innerHTML = html;
        }
    }
}
