import { fieldValue } from 'c/ldsUtils';
import { daysSince } from 'c/riskMath';
import { EXECUTIVE_ENGAGED_DAYS } from 'c/healthPlanModel';

export const ROLES = ['Executive', 'Clinical', 'Network', 'Product', 'Benefits', 'Marketing', 'Finance', 'Operations'];

/** Roles whose leaders decide whether members are steered to the service: one of them should be a champion. */
export const CHAMPION_ROLES = ['Clinical', 'Network', 'Product'];

/** The renewal-risk model's window: an executive not engaged within it weighs on relationship health. */
export const EXECUTIVE_ENGAGEMENT_DAYS = EXECUTIVE_ENGAGED_DAYS;

export function stakeholderFromRecord(record, now = Date.now()) {
    const lastEngagement = fieldValue(record, 'Last_Engagement_Date__c') ?? null;
    return {
        id: record.id,
        contactId: fieldValue(record, 'Contact__c') ?? null,
        name: contactName(record) || (fieldValue(record, 'Name') ?? ''),
        title: fieldValue(record, 'Contact__r.Title') ?? '',
        role: fieldValue(record, 'Role__c') ?? '',
        influence: fieldValue(record, 'Influence__c') ?? '',
        sentiment: fieldValue(record, 'Sentiment__c') ?? '',
        owner: fieldValue(record, 'Relationship_Owner__r.Name') ?? '',
        lastEngagement,
        daysSinceEngagement: daysSince(lastEngagement, now)
    };
}

/** First and last name of the stakeholder's contact; the compound Name is not requested so any org answers. */
function contactName(record) {
    return [fieldValue(record, 'Contact__r.FirstName'), fieldValue(record, 'Contact__r.LastName')]
        .filter(Boolean)
        .join(' ');
}

const INFLUENCE_RANK = { High: 0, Medium: 1, Low: 2 };

/** Stakeholders grouped by role in the usual order, most influential first within a role. */
export function groupByRole(stakeholders) {
    const roles = [...ROLES, ...new Set(stakeholders.map((s) => s.role).filter((role) => !ROLES.includes(role)))];
    return roles
        .map((role) => ({
            role,
            stakeholders: stakeholders
                .filter((stakeholder) => stakeholder.role === role)
                .sort(
                    (a, b) =>
                        (INFLUENCE_RANK[a.influence] ?? 3) - (INFLUENCE_RANK[b.influence] ?? 3) ||
                        a.name.localeCompare(b.name)
                )
        }))
        .filter((group) => group.stakeholders.length > 0);
}

/** Relationship gaps a rep should close: no clinical, network or product champion; no recent executive contact. */
export function coverageGaps(stakeholders) {
    const gaps = [];
    const hasChampion = stakeholders.some(
        (stakeholder) => CHAMPION_ROLES.includes(stakeholder.role) && stakeholder.sentiment === 'Champion'
    );
    if (!hasChampion) {
        gaps.push({
            key: 'champion',
            message: 'No champion among clinical, network or product leaders.'
        });
    }
    const executiveEngaged = stakeholders.some(
        (stakeholder) =>
            stakeholder.role === 'Executive' &&
            stakeholder.daysSinceEngagement !== null &&
            stakeholder.daysSinceEngagement <= EXECUTIVE_ENGAGEMENT_DAYS
    );
    if (!executiveEngaged) {
        gaps.push({
            key: 'executive',
            message: `No executive engaged in the last ${EXECUTIVE_ENGAGEMENT_DAYS} days.`
        });
    }
    return gaps;
}
