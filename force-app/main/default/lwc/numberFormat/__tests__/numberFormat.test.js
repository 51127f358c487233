import { formatCurrency, formatMeasure, formatMultiple, formatNumber, formatPercent } from 'c/numberFormat';

describe('c/numberFormat', () => {
    it('formats numbers with fixed fraction digits', () => {
        expect(formatNumber(1234.567)).toBe('1,235');
        expect(formatNumber(1234.567, 1)).toBe('1,234.6');
    });

    it('keeps measures as precise as entered, up to two digits', () => {
        expect(formatMeasure(4)).toBe('4');
        expect(formatMeasure(80500)).toBe('80,500');
        expect(formatMeasure(4.456)).toBe('4.46');
    });

    it('reads percentages the way Percent fields store them', () => {
        expect(formatPercent(42.5)).toBe('42.5%');
        expect(formatPercent(7, 0)).toBe('7%');
    });

    it('shows money in whole units', () => {
        expect(formatCurrency(98765.4)).toBe('$98,765');
        expect(formatCurrency(2345678)).toBe('$2,345,678');
    });

    it('shows a return multiple', () => {
        expect(formatMultiple(3.24)).toBe('3.2×');
    });

    it('shows a dash for missing values', () => {
        for (const format of [formatNumber, formatMeasure, formatPercent, formatCurrency, formatMultiple]) {
            expect(format(null)).toBe('—');
            expect(format(undefined)).toBe('—');
            expect(format(Number.NaN)).toBe('—');
        }
    });
});
