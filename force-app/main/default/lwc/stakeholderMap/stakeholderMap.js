import { LightningElement, api, wire } from 'lwc';
import { getRelatedListRecords } from 'lightning/uiRelatedListApi';
import { mapRecords } from 'c/ldsUtils';
import { EXECUTIVE_ENGAGEMENT_DAYS, coverageGaps, groupByRole, stakeholderFromRecord } from 'c/stakeholderMath';

const SENTIMENT_CLASS = {
    Champion: 'slds-theme_success',
    Supporter: 'slds-badge_lightest',
    Neutral: '',
    Skeptic: 'slds-theme_warning',
    Detractor: 'slds-theme_error'
};

/** Who matters at the health plan, by role: influence, sentiment, last contact, and the gaps to close. */
export default class StakeholderMap extends LightningElement {
    @api recordId;
    @api cardTitle = 'Stakeholder map';

    stakeholders;
    error;
    /** The stakeholder whose "Log a touch" form is open, if any. */
    touchStakeholderId;

    @wire(getRelatedListRecords, {
        parentRecordId: '$recordId',
        relatedListId: 'Stakeholders__r',
        fields: [
            'Plan_Stakeholder__c.Name',
            'Plan_Stakeholder__c.Contact__c',
            'Plan_Stakeholder__c.Contact__r.FirstName',
            'Plan_Stakeholder__c.Contact__r.LastName',
            'Plan_Stakeholder__c.Contact__r.Title',
            'Plan_Stakeholder__c.Role__c',
            'Plan_Stakeholder__c.Influence__c',
            'Plan_Stakeholder__c.Sentiment__c',
            'Plan_Stakeholder__c.Last_Engagement_Date__c',
            'Plan_Stakeholder__c.Relationship_Owner__r.Name'
        ],
        pageSize: 200
    })
    wiredStakeholders({ data, error }) {
        const now = Date.now();
        this.stakeholders = mapRecords(data, (record) => stakeholderFromRecord(record, now));
        this.error = error;
    }

    get isLoading() {
        return !this.error && !this.stakeholders;
    }

    get isEmpty() {
        return this.stakeholders.length === 0;
    }

    get gaps() {
        return coverageGaps(this.stakeholders ?? []);
    }

    get hasGaps() {
        return this.gaps.length > 0;
    }

    get gapsHeading() {
        return this.gaps.length === 1 ? '1 coverage gap' : `${this.gaps.length} coverage gaps`;
    }

    get roleGroups() {
        return groupByRole(this.stakeholders ?? []).map((group) => ({
            key: group.role,
            role: group.role,
            countText: group.stakeholders.length === 1 ? '1 person' : `${group.stakeholders.length} people`,
            people: group.stakeholders.map((person) => ({
                ...person,
                influenceLabel: `${person.influence || 'Unknown'} influence`,
                sentimentLabel: person.sentiment || 'Sentiment unknown',
                sentimentClass: SENTIMENT_CLASS[person.sentiment] ?? '',
                engagementText: engagementText(person.daysSinceEngagement),
                isLoggingTouch: person.id === this.touchStakeholderId,
                touchLabel: `Log a touch with ${person.name}`,
                engagementClass: isStale(person.daysSinceEngagement)
                    ? 'slds-text-body_small slds-text-color_error engagement'
                    : 'slds-text-body_small slds-text-color_weak engagement'
            }))
        }));
    }

    openTouch(event) {
        this.touchStakeholderId = event.target.dataset.id;
    }

    closeTouch() {
        const id = this.touchStakeholderId;
        this.touchStakeholderId = undefined;
        // Back to the button that opened the form, for keyboard users.
        Promise.resolve().then(() => this.template.querySelector(`button.log-touch[data-id="${id}"]`)?.focus());
    }

    get touchStakeholder() {
        return (this.stakeholders ?? []).find((person) => person.id === this.touchStakeholderId);
    }
}

function isStale(days) {
    return days === null || days > EXECUTIVE_ENGAGEMENT_DAYS;
}

function engagementText(days) {
    if (days === null) {
        return 'Never engaged: reach out';
    }
    if (days <= 0) {
        return 'Engaged today';
    }
    const text = days === 1 ? 'Last engaged 1 day ago' : `Last engaged ${days} days ago`;
    return isStale(days) ? `${text}: overdue` : text;
}
