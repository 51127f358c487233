import { LightningElement, api, wire } from 'lwc';
// lightning/uiGraphQLApi is the adapter every API 62.0 org serves; lightning/graphql needs a newer release.
// eslint-disable-next-line @lwc/lwc/newer-version-available
import { gql, graphql } from 'lightning/uiGraphQLApi';
import { formatCurrency, formatNumber } from 'c/numberFormat';
import {
    applyLevers,
    assess,
    distancesToNextTier,
    numericLevers,
    riskInputFromGraphql,
    windowStart
} from 'c/whatIfMath';

const SENTIMENTS = ['Champion', 'Supporter', 'Neutral', 'Skeptic', 'Detractor'];
const OBJECTIVE_STATUSES = ['Not Started', 'On Track', 'At Risk', 'Off Track', 'Done'];
const MAX_DRIVERS = 5;

const WHAT_IF_QUERY = gql`
    query RiskWhatIf($recordId: ID, $since: Date) {
        uiapi {
            query {
                Account(where: { Id: { eq: $recordId } }, first: 1) {
                    edges {
                        node {
                            Id
                            Renewal_Date__c {
                                value
                            }
                            Utilization_Snapshots__r(
                                first: 200
                                where: { Period_Start__c: { gte: { value: $since } } }
                            ) {
                                edges {
                                    node {
                                        Line_Of_Business__c {
                                            value
                                        }
                                        Period_Start__c {
                                            value
                                        }
                                        Eligible_Members__c {
                                            value
                                        }
                                        Registered_Members__c {
                                            value
                                        }
                                        Visits__c {
                                            value
                                        }
                                        Cost_Savings__c {
                                            value
                                        }
                                        Average_Rating__c {
                                            value
                                        }
                                        Rated_Visits__c {
                                            value
                                        }
                                    }
                                }
                            }
                            Contracts(first: 200) {
                                edges {
                                    node {
                                        Line_Of_Business__c {
                                            value
                                        }
                                        StartDate {
                                            value
                                        }
                                        EndDate {
                                            value
                                        }
                                        Covered_Lives__c {
                                            value
                                        }
                                        PMPM_Fee__c {
                                            value
                                        }
                                        Per_Visit_Fee__c {
                                            value
                                        }
                                    }
                                }
                            }
                            Stakeholders__r(first: 200) {
                                edges {
                                    node {
                                        Id
                                        Contact__r {
                                            FirstName {
                                                value
                                            }
                                            LastName {
                                                value
                                            }
                                        }
                                        Role__c {
                                            value
                                        }
                                        Influence__c {
                                            value
                                        }
                                        Sentiment__c {
                                            value
                                        }
                                        Last_Engagement_Date__c {
                                            value
                                        }
                                    }
                                }
                            }
                            Account_Plans__r(first: 20, where: { Status__c: { eq: "Active" } }) {
                                edges {
                                    node {
                                        Id
                                        Name {
                                            value
                                        }
                                        Plan_Year__c {
                                            value
                                        }
                                        Target_Registration_Rate__c {
                                            value
                                        }
                                        Target_Visits_Per_1000__c {
                                            value
                                        }
                                        Target_Cost_Savings__c {
                                            value
                                        }
                                        Target_Rating__c {
                                            value
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                Account_Plan_Objective__c(
                    first: 2000
                    where: { Account_Plan__r: { Account__c: { eq: $recordId }, Status__c: { eq: "Active" } } }
                ) {
                    edges {
                        node {
                            Account_Plan__c {
                                value
                            }
                            Name {
                                value
                            }
                            Status__c {
                                value
                            }
                            Due_Date__c {
                                value
                            }
                        }
                    }
                }
            }
        }
    }
`;

function isoToday() {
    return new Date().toISOString().slice(0, 10);
}

function formatLever(key, value) {
    if (key === 'annualSavings') {
        return formatCurrency(value);
    }
    if (key === 'registrationRate') {
        return `${formatNumber(value, 1)}%`;
    }
    if (key === 'averageRating') {
        return formatNumber(value, 2);
    }
    return formatNumber(value);
}

/**
 * "What if…" on the renewal risk: moves the model's inputs and shows score, tier and drivers as the same
 * model computes them, with the least change that brings the plan down a tier. Nothing is written.
 */
export default class RiskWhatIf extends LightningElement {
    @api recordId;
    /** The day the model scores for (default today), as the nightly run does. */
    @api asOf;

    input;
    errors;
    leverValues = {};
    sentiments = {};
    objectiveStatuses = {};
    renewalDate;
    stakeholderIndex = '0';
    objectiveIndex = '0';

    get day() {
        return this.asOf ?? isoToday();
    }

    get variables() {
        return { recordId: this.recordId, since: windowStart(this.day) };
    }

    @wire(graphql, { query: WHAT_IF_QUERY, variables: '$variables' })
    wiredInputs({ data, errors }) {
        this.errors = errors;
        if (data) {
            this.input = riskInputFromGraphql(data, this.day);
        }
    }

    get hasError() {
        return Boolean(this.errors);
    }

    get isLoading() {
        return !this.errors && this.input === undefined;
    }

    get baseline() {
        return this.input ? assess(this.input) : null;
    }

    get canScore() {
        return Boolean(this.baseline && this.baseline.score !== null);
    }

    get baselineLevers() {
        return numericLevers(this.baseline, this.input);
    }

    get allLevers() {
        return {
            ...this.leverValues,
            sentiments: this.sentiments,
            objectiveStatuses: this.objectiveStatuses,
            ...(this.renewalDate ? { renewalDate: this.renewalDate } : {})
        };
    }

    get whatIf() {
        return assess(applyLevers(this.input, this.allLevers, this.baselineLevers));
    }

    get whatIfScore() {
        return this.whatIf.score;
    }

    get scoreText() {
        return formatNumber(this.whatIf.score, 1);
    }

    get baselineText() {
        return `${formatNumber(this.baseline.score, 1)} (${this.baseline.tier})`;
    }

    get whatIfTier() {
        return this.whatIf.tier;
    }

    get isChanged() {
        return (
            Object.keys(this.leverValues).length > 0 ||
            Object.keys(this.sentiments).length > 0 ||
            Object.keys(this.objectiveStatuses).length > 0 ||
            Boolean(this.renewalDate)
        );
    }

    get isUnchanged() {
        return !this.isChanged;
    }

    get sliders() {
        return this.baselineLevers.map((lever) => {
            const current = this.leverValues[lever.key] ?? lever.current;
            const decimals = lever.step >= 1 ? 0 : Math.round(-Math.log10(lever.step));
            return {
                ...lever,
                // The slider shows its value; the model keeps the exact figure until the rep moves it.
                value: Number((Math.round(current / lever.step) * lever.step).toFixed(decimals)),
                label: `${lever.label}: ${formatLever(lever.key, current)} (now ${formatLever(lever.key, lever.current)})`
            };
        });
    }

    get drivers() {
        return this.whatIf.drivers.slice(0, MAX_DRIVERS).map((driver) => ({
            key: driver.factor,
            sentence: driver.sentence,
            points: `${formatNumber(driver.contribution, 1)} points`
        }));
    }

    get distances() {
        const { next, distances } = distancesToNextTier(this.input, this.allLevers, this.baselineLevers);
        if (!next) {
            return [];
        }
        return distances.map((distance) => ({
            key: distance.key,
            text:
                distance.value === null
                    ? `${distance.label} alone cannot bring this plan to ${next}.`
                    : `${distance.label} at ${formatLever(distance.key, distance.value)} or more brings this plan to ${next}.`
        }));
    }

    get hasDistances() {
        return this.distances.length > 0;
    }

    get stakeholderOptions() {
        return this.input.stakeholders.map((person, i) => ({
            value: String(i),
            label: person.name || `Stakeholder ${i + 1}`
        }));
    }

    get hasStakeholders() {
        return this.input.stakeholders.length > 0;
    }

    get sentimentValue() {
        const i = Number(this.stakeholderIndex);
        return this.sentiments[i] ?? this.input.stakeholders[i]?.sentiment ?? '';
    }

    get sentimentOptions() {
        return SENTIMENTS.map((value) => ({ value, label: value }));
    }

    get objectiveOptions() {
        return (this.input.plan?.objectives ?? []).map((objective, i) => ({ value: String(i), label: objective.name }));
    }

    get hasObjectives() {
        return this.objectiveOptions.length > 0;
    }

    get objectiveStatusValue() {
        const i = Number(this.objectiveIndex);
        return this.objectiveStatuses[i] ?? this.input.plan?.objectives[i]?.status ?? '';
    }

    get statusOptions() {
        return OBJECTIVE_STATUSES.map((value) => ({ value, label: value }));
    }

    get renewalValue() {
        return this.renewalDate ?? this.input.renewalDate;
    }

    handleSlider(event) {
        this.leverValues = {
            ...this.leverValues,
            [event.target.dataset.key]: Number(event.detail.value ?? event.target.value)
        };
    }

    handleStakeholder(event) {
        this.stakeholderIndex = event.detail.value;
    }

    handleSentiment(event) {
        this.sentiments = { ...this.sentiments, [Number(this.stakeholderIndex)]: event.detail.value };
    }

    handleObjective(event) {
        this.objectiveIndex = event.detail.value;
    }

    handleStatus(event) {
        this.objectiveStatuses = { ...this.objectiveStatuses, [Number(this.objectiveIndex)]: event.detail.value };
    }

    handleRenewal(event) {
        this.renewalDate = event.detail.value || undefined;
    }

    reset() {
        this.leverValues = {};
        this.sentiments = {};
        this.objectiveStatuses = {};
        this.renewalDate = undefined;
    }
}
