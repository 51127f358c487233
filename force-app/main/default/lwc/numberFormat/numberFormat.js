import LOCALE from '@salesforce/i18n/locale';
import CURRENCY from '@salesforce/i18n/currency';

const EMPTY = '—';

const numberFormats = new Map();

function cachedFormat(options) {
    const key = JSON.stringify(options);
    if (!numberFormats.has(key)) {
        numberFormats.set(key, new Intl.NumberFormat(LOCALE, options));
    }
    return numberFormats.get(key);
}

function isNumber(value) {
    return typeof value === 'number' && Number.isFinite(value);
}

/** A number in the user's locale, or a dash when there is none. */
export function formatNumber(value, fractionDigits = 0) {
    return isNumber(value)
        ? cachedFormat({ minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value)
        : EMPTY;
}

/** A measured value as entered: whole numbers stay whole, fractions keep up to two digits. */
export function formatMeasure(value) {
    return isNumber(value) ? cachedFormat({ minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(value) : EMPTY;
}

/** A percentage given the way Salesforce Percent fields hold it (42.5 means 42.5%). */
export function formatPercent(value, fractionDigits = 1) {
    return isNumber(value)
        ? cachedFormat({
              style: 'percent',
              minimumFractionDigits: fractionDigits,
              maximumFractionDigits: fractionDigits
          }).format(value / 100)
        : EMPTY;
}

/** Money in the org's currency, in whole units. */
export function formatCurrency(value) {
    return isNumber(value)
        ? cachedFormat({
              style: 'currency',
              currency: CURRENCY,
              minimumFractionDigits: 0,
              maximumFractionDigits: 0
          }).format(value)
        : EMPTY;
}

/** A return multiple such as 3.2×. */
export function formatMultiple(value) {
    return isNumber(value) ? `${formatNumber(value, 1)}×` : EMPTY;
}

/** Money in short form for headlines: $4.2M, $850K. */
export function formatCompactCurrency(value) {
    return isNumber(value)
        ? cachedFormat({
              style: 'currency',
              currency: CURRENCY,
              notation: 'compact',
              minimumFractionDigits: 0,
              maximumFractionDigits: 1
          }).format(value)
        : EMPTY;
}
