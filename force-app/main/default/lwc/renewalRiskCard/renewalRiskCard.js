import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, updateRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { fieldValue, isWireLoading, mapRecords, numberFieldValue, reduceErrors, wireErrors } from 'c/ldsUtils';
import {
    RISK_TIERS,
    daysUntil,
    driverBars,
    factorChangeText,
    factorChanges,
    parseActions,
    parseDrivers,
    scoreChange
} from 'c/riskMath';
import ID_FIELD from '@salesforce/schema/Account.Id';
import SCORE_FIELD from '@salesforce/schema/Account.Renewal_Risk_Score__c';
import TIER_FIELD from '@salesforce/schema/Account.Renewal_Risk_Tier__c';
import SCORED_AT_FIELD from '@salesforce/schema/Account.Renewal_Risk_Scored_At__c';
import OVERRIDE_FIELD from '@salesforce/schema/Account.Renewal_Risk_Override__c';
import OVERRIDE_REASON_FIELD from '@salesforce/schema/Account.Renewal_Risk_Override_Reason__c';
import RENEWAL_DATE_FIELD from '@salesforce/schema/Account.Renewal_Date__c';

const ACCOUNT_FIELDS = [
    SCORE_FIELD,
    TIER_FIELD,
    SCORED_AT_FIELD,
    OVERRIDE_FIELD,
    OVERRIDE_REASON_FIELD,
    RENEWAL_DATE_FIELD
];

const TIER_BADGE_CLASS = {
    Low: 'slds-theme_success',
    Moderate: 'slds-badge_lightest',
    High: 'slds-theme_warning',
    Critical: 'slds-theme_error'
};

/** The renewal risk of a health plan: the model's score and drivers, the rep's own call beside it. */
export default class RenewalRiskCard extends LightningElement {
    @api recordId;
    @api cardTitle = 'Renewal risk';
    @api maxDrivers = 5;

    account;
    accountError;
    assessments;
    assessmentsError;

    isEditingOverride = false;
    draftTier;
    draftReason = '';
    isSaving = false;
    saveError;
    isWhatIfOpen = false;

    @wire(getRecord, { recordId: '$recordId', fields: ACCOUNT_FIELDS })
    wiredAccount({ data, error }) {
        this.account = data;
        this.accountError = error;
    }

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Renewal_Risk_Assessments__r',
        fields: [
            'Renewal_Risk_Assessment__c.Score__c',
            'Renewal_Risk_Assessment__c.Tier__c',
            'Renewal_Risk_Assessment__c.Renewal_Percent__c',
            'Renewal_Risk_Assessment__c.Assessed_On__c',
            'Renewal_Risk_Assessment__c.Drivers__c',
            'Renewal_Risk_Assessment__c.Recommended_Actions__c',
            'Renewal_Risk_Assessment__c.Model_Version__c'
        ],
        sortBy: ['-Renewal_Risk_Assessment__c.Assessed_On__c'],
        pageSize: 2
    })
    wiredAssessments({ data, error }) {
        this.assessments = mapRecords(data, (record) => ({
            id: record.id,
            score: numberFieldValue(record, 'Score__c'),
            tier: fieldValue(record, 'Tier__c'),
            renewalPercent: numberFieldValue(record, 'Renewal_Percent__c'),
            assessedOn: fieldValue(record, 'Assessed_On__c'),
            drivers: fieldValue(record, 'Drivers__c'),
            actions: fieldValue(record, 'Recommended_Actions__c'),
            modelVersion: fieldValue(record, 'Model_Version__c')
        }));
        this.assessmentsError = error;
    }

    get errors() {
        return wireErrors(this.accountError, this.assessmentsError);
    }

    get hasError() {
        return this.errors.length > 0;
    }

    get isLoading() {
        return isWireLoading(this.errors, this.account, this.assessments);
    }

    get score() {
        return numberFieldValue(this.account, SCORE_FIELD) ?? this.latest?.score ?? null;
    }

    get isScored() {
        return this.score !== null;
    }

    get latest() {
        return this.assessments?.[0];
    }

    get roundedScore() {
        return Math.round(this.score);
    }

    get canOverride() {
        return !this.isLoading && !this.accountError;
    }

    get modelTier() {
        return getFieldValue(this.account, TIER_FIELD) ?? this.latest?.tier ?? null;
    }

    get overrideTier() {
        return getFieldValue(this.account, OVERRIDE_FIELD) ?? null;
    }

    get overrideReason() {
        return getFieldValue(this.account, OVERRIDE_REASON_FIELD) ?? '';
    }

    get hasOverride() {
        return Boolean(this.overrideTier);
    }

    get shownTier() {
        return this.overrideTier ?? this.modelTier;
    }

    get tierBadgeClass() {
        return TIER_BADGE_CLASS[this.shownTier] ?? '';
    }

    get tierBadgeLabel() {
        return this.hasOverride ? `${this.shownTier} (rep override)` : `${this.shownTier ?? 'Unrated'}`;
    }

    get scoredAt() {
        return getFieldValue(this.account, SCORED_AT_FIELD) ?? null;
    }

    // Assessed_On__c is a Date: shown in UTC, or it reads as the previous day west of UTC.
    get assessedOnOnly() {
        return this.scoredAt ? null : (this.latest?.assessedOn ?? null);
    }

    get change() {
        return scoreChange(this.assessments ?? []);
    }

    get hasChange() {
        return this.change !== null;
    }

    get changeText() {
        const change = Math.round(this.change);
        if (change === 0) {
            return 'No change since the previous assessment';
        }
        const direction = change > 0 ? 'Up' : 'Down';
        const meaning = change > 0 ? 'riskier' : 'safer';
        return `${direction} ${Math.abs(change)} points since the previous assessment (${meaning})`;
    }

    /** "+15 Utilization trend, +4 Registration trend", or '' when no factor moved or there is nothing to compare. */
    get changeByFactorText() {
        if (!this.hasChange) {
            return '';
        }
        return factorChangeText(
            factorChanges(parseDrivers(this.latest?.drivers), parseDrivers(this.assessments?.[1]?.drivers))
        );
    }

    get renewalPercent() {
        return this.latest?.renewalPercent ?? null;
    }

    get hasRenewalPercent() {
        return this.renewalPercent !== null;
    }

    get changeIcon() {
        if (this.change > 0) {
            return 'utility:arrowup';
        }
        return this.change < 0 ? 'utility:arrowdown' : 'utility:dash';
    }

    get renewalDate() {
        return getFieldValue(this.account, RENEWAL_DATE_FIELD) ?? null;
    }

    get hasRenewalDate() {
        return Boolean(this.renewalDate);
    }

    get renewalText() {
        const days = daysUntil(this.renewalDate);
        if (days === 0) {
            return 'Renews today';
        }
        if (days < 0) {
            return `Renewal date passed ${-days} ${plural(-days, 'day')} ago`;
        }
        return `${days} ${plural(days, 'day')} to renewal`;
    }

    get drivers() {
        return driverBars(parseDrivers(this.latest?.drivers), this.maxDrivers).map((driver, index) => ({
            ...driver,
            key: `${index}-${driver.factor}`,
            points: formatPoints(driver.contribution),
            barStyle: `width: ${driver.percentOfLargest}%`
        }));
    }

    get hasDrivers() {
        return this.drivers.length > 0;
    }

    get plays() {
        return parseActions(this.latest?.actions).map((text, index) => ({ key: `${index}`, text }));
    }

    get hasPlays() {
        return this.plays.length > 0;
    }

    get tierOptions() {
        return RISK_TIERS.map((tier) => ({ label: tier, value: tier }));
    }

    get overrideButtonLabel() {
        return this.hasOverride ? 'Change override' : 'Override tier';
    }

    get saveErrorMessage() {
        return reduceErrors(this.saveError).join(' ');
    }

    get whatIfButtonLabel() {
        return this.isWhatIfOpen ? 'Close what if' : 'What if…';
    }

    get whatIfExpanded() {
        return String(this.isWhatIfOpen);
    }

    toggleWhatIf() {
        this.isWhatIfOpen = !this.isWhatIfOpen;
    }

    startOverride() {
        this.draftTier = this.overrideTier ?? this.modelTier ?? undefined;
        this.draftReason = this.overrideReason;
        this.saveError = undefined;
        this.isEditingOverride = true;
    }

    cancelOverride() {
        this.isEditingOverride = false;
        this.saveError = undefined;
    }

    handleTierChange(event) {
        this.draftTier = event.detail.value;
    }

    handleReasonChange(event) {
        this.draftReason = event.detail.value ?? event.target.value;
    }

    async saveOverride() {
        this.template
            .querySelectorAll('.override-form lightning-combobox, .override-form lightning-textarea')
            .forEach((input) => input.reportValidity());
        if (!this.draftTier || !this.draftReason.trim()) {
            return;
        }
        await this.writeOverride(this.draftTier, this.draftReason.trim(), `Risk tier set to ${this.draftTier}.`);
    }

    async clearOverride() {
        await this.writeOverride(null, null, 'Override cleared: the model’s tier applies again.');
    }

    async writeOverride(tier, reason, successMessage) {
        this.isSaving = true;
        this.saveError = undefined;
        try {
            await updateRecord({
                fields: {
                    [ID_FIELD.fieldApiName]: this.recordId,
                    [OVERRIDE_FIELD.fieldApiName]: tier,
                    [OVERRIDE_REASON_FIELD.fieldApiName]: reason
                }
            });
            await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
            this.isEditingOverride = false;
            this.dispatchEvent(
                new ShowToastEvent({ title: 'Renewal risk', message: successMessage, variant: 'success' })
            );
        } catch (error) {
            this.saveError = error;
        } finally {
            this.isSaving = false;
        }
    }
}

function plural(count, word) {
    return count === 1 ? word : `${word}s`;
}

function formatPoints(contribution) {
    const rounded = Math.round(contribution * 10) / 10;
    return `${rounded} ${plural(rounded, 'point')}`;
}
