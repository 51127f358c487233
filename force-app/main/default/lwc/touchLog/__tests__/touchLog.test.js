import { stakeholderChanges, touchTaskFields } from 'c/touchLog';

describe('touchLog', () => {
    it('makes a completed call task on the contact and the account', () => {
        expect(
            touchTaskFields({
                date: '2026-11-20',
                channel: 'Call',
                note: 'Savings figures reviewed.',
                contactId: '003A',
                accountId: '001A',
                contactName: 'Maria Chen'
            })
        ).toEqual({
            Subject: 'Call with Maria Chen',
            ActivityDate: '2026-11-20',
            Status: 'Completed',
            Type: 'Call',
            TaskSubtype: 'Call',
            Description: 'Savings figures reviewed.',
            WhoId: '003A',
            WhatId: '001A'
        });
    });

    it('records a QBR as a meeting named QBR', () => {
        const fields = touchTaskFields({
            date: '2026-11-20',
            channel: 'QBR',
            note: '',
            contactId: '003A',
            accountId: '001A',
            contactName: 'Ann Lee'
        });
        expect([fields.Subject, fields.Type, fields.TaskSubtype]).toEqual(['QBR with Ann Lee', 'Meeting', 'Task']);
        expect(() => touchTaskFields({ channel: 'Fax' })).toThrow('Unknown channel: Fax');
    });

    it('moves the engagement date forward only and changes the sentiment only when it differs', () => {
        expect(
            stakeholderChanges(
                { lastEngagement: '2026-10-01', sentiment: 'Neutral' },
                { date: '2026-11-20', newSentiment: 'Supporter' }
            )
        ).toEqual({
            Last_Engagement_Date__c: '2026-11-20',
            Sentiment__c: 'Supporter'
        });
        expect(
            stakeholderChanges(
                { lastEngagement: '2026-11-25', sentiment: 'Neutral' },
                { date: '2026-11-20', newSentiment: 'Neutral' }
            )
        ).toEqual({});
        expect(
            stakeholderChanges({ lastEngagement: null, sentiment: '' }, { date: '2026-11-20', newSentiment: '' })
        ).toEqual({
            Last_Engagement_Date__c: '2026-11-20'
        });
    });
});
