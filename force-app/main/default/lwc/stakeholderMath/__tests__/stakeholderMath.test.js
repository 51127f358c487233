import { coverageGaps, groupByRole, stakeholderFromRecord } from 'c/stakeholderMath';

const NOW = Date.parse('2026-11-26T12:00:00Z');

function person(name, role, sentiment, daysSinceEngagement, influence = 'Medium') {
    return { id: name, name, role, sentiment, influence, daysSinceEngagement };
}

describe('c/stakeholderMath', () => {
    it('reads a stakeholder record with its contact and owner', () => {
        const record = {
            id: 'a03',
            fields: {
                Name: { value: 'PS-0001' },
                Contact__r: {
                    value: {
                        fields: { FirstName: { value: 'Ana' }, LastName: { value: 'Ruiz' }, Title: { value: 'CMO' } }
                    }
                },
                Role__c: { value: 'Clinical' },
                Influence__c: { value: 'High' },
                Sentiment__c: { value: 'Champion' },
                Last_Engagement_Date__c: { value: '2026-11-16' },
                Relationship_Owner__r: { value: null }
            }
        };
        expect(stakeholderFromRecord(record, NOW)).toEqual({
            contactId: null,
            id: 'a03',
            name: 'Ana Ruiz',
            title: 'CMO',
            role: 'Clinical',
            influence: 'High',
            sentiment: 'Champion',
            owner: '',
            lastEngagement: '2026-11-16',
            daysSinceEngagement: 10
        });
    });

    it('falls back to the stakeholder number without a contact', () => {
        const record = { id: 'a04', fields: { Name: { value: 'PS-0007' }, Contact__r: { value: null } } };
        expect(stakeholderFromRecord(record, NOW).name).toBe('PS-0007');
    });

    it('groups by role in the usual order, most influential first', () => {
        const groups = groupByRole([
            person('Zoe', 'Finance', 'Neutral', 5, 'Low'),
            person('Yan', 'Executive', 'Supporter', 5, 'Low'),
            person('Xia', 'Executive', 'Skeptic', 5, 'High'),
            person('Wes', 'Legal', 'Neutral', 5)
        ]);
        expect(groups.map((group) => group.role)).toEqual(['Executive', 'Finance', 'Legal']);
        expect(groups[0].stakeholders.map((s) => s.name)).toEqual(['Xia', 'Yan']);
    });

    it('flags both gaps for an empty map', () => {
        expect(coverageGaps([]).map((gap) => gap.key)).toEqual(['champion', 'executive']);
    });

    it('needs the champion in a clinical, network or product role', () => {
        const financeChampion = [person('A', 'Finance', 'Champion', 1), person('B', 'Executive', 'Neutral', 30)];
        expect(coverageGaps(financeChampion).map((gap) => gap.key)).toEqual(['champion']);
        const networkChampion = [person('A', 'Network', 'Champion', 1), person('B', 'Executive', 'Neutral', 30)];
        expect(coverageGaps(networkChampion)).toEqual([]);
    });

    it('counts an executive as engaged up to 90 days', () => {
        const champion = person('A', 'Product', 'Champion', 1);
        expect(coverageGaps([champion, person('B', 'Executive', 'Neutral', 90)])).toEqual([]);
        expect(coverageGaps([champion, person('B', 'Executive', 'Neutral', 91)]).map((gap) => gap.key)).toEqual([
            'executive'
        ]);
        expect(coverageGaps([champion, person('B', 'Executive', 'Neutral', null)])).toHaveLength(1);
    });
});
