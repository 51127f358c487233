import { reduceErrors, fieldValue } from 'c/ldsUtils';

describe('c/ldsUtils reduceErrors', () => {
    it('reads UI API bodies given as a list of messages', () => {
        const error = { status: 400, body: [{ message: 'First' }, { message: 'Second' }] };
        expect(reduceErrors(error)).toEqual(['First', 'Second']);
    });

    it('reads record-level and field-level errors of a failed save', () => {
        const error = {
            body: {
                message: 'An error occurred while trying to update the record.',
                output: {
                    errors: [{ message: 'Record locked' }],
                    fieldErrors: { Status__c: [{ message: 'Bad value for restricted picklist' }] }
                }
            }
        };
        expect(reduceErrors(error)).toEqual(['Record locked', 'Bad value for restricted picklist']);
    });

    it('falls back to the body message, then the error message, then the status text', () => {
        expect(reduceErrors({ body: { message: 'Body says no' } })).toEqual(['Body says no']);
        expect(reduceErrors(new TypeError('x is undefined'))).toEqual(['x is undefined']);
        expect(reduceErrors({ statusText: 'Service Unavailable' })).toEqual(['Service Unavailable']);
    });

    it('flattens a list of mixed errors and drops empty ones', () => {
        expect(reduceErrors(['plain', null, { body: [{ message: 'api' }] }, {}])).toEqual(['plain', 'api']);
    });
});

describe('c/ldsUtils fieldValue', () => {
    const record = {
        fields: {
            Name: { value: 'Objective' },
            Owner__r: { value: { fields: { Name: { value: 'Dana Reyes' } } } },
            Empty__r: { value: null }
        }
    };

    it('reads a field by schema reference or by path', () => {
        expect(fieldValue(record, { objectApiName: 'X__c', fieldApiName: 'Name' })).toBe('Objective');
        expect(fieldValue(record, 'Owner__r.Name')).toBe('Dana Reyes');
    });

    it('answers undefined for missing fields and empty relationships', () => {
        expect(fieldValue(record, 'Missing__c')).toBeUndefined();
        expect(fieldValue(record, 'Empty__r.Name')).toBeUndefined();
        expect(fieldValue(undefined, 'Name')).toBeUndefined();
    });
});
