/**
 * "Log a touch" as records: the completed Task the Activity timeline shows (WhoId = the contact, WhatId =
 * the health plan's Account), and the stakeholder's engagement date and sentiment.
 */
export const CHANNELS = [
    { value: 'Meeting', label: 'Meeting', type: 'Meeting', subtype: 'Task' },
    { value: 'Call', label: 'Call', type: 'Call', subtype: 'Call' },
    { value: 'Email', label: 'Email', type: 'Email', subtype: 'Task' },
    { value: 'QBR', label: 'QBR', type: 'Meeting', subtype: 'Task' }
];
export const SENTIMENTS = ['Champion', 'Supporter', 'Neutral', 'Skeptic', 'Detractor'];
export const NOTE_MAX_LENGTH = 1000;
const SUBJECT_MAX_LENGTH = 255;

/** Task fields for a touch: `{ date, channel, note, contactId, accountId, contactName }`. */
export function touchTaskFields({ date, channel, note, contactId, accountId, contactName }) {
    const entry = CHANNELS.find((candidate) => candidate.value === channel);
    if (!entry) {
        throw new Error(`Unknown channel: ${channel}`);
    }
    const subject = `${entry.label} with ${contactName}`.slice(0, SUBJECT_MAX_LENGTH);
    return {
        Subject: subject,
        ActivityDate: date,
        Status: 'Completed',
        Type: entry.type,
        TaskSubtype: entry.subtype,
        Description: note ?? '',
        WhoId: contactId,
        WhatId: accountId
    };
}

/**
 * Stakeholder fields that change: the engagement date moves forward only (an older touch logged late
 * leaves a newer date alone), the sentiment only when a new one is given and differs.
 */
export function stakeholderChanges({ lastEngagement, sentiment }, { date, newSentiment }) {
    const changes = {};
    if (!lastEngagement || date > lastEngagement) {
        changes.Last_Engagement_Date__c = date;
    }
    if (newSentiment && newSentiment !== sentiment) {
        changes.Sentiment__c = newSentiment;
    }
    return changes;
}
