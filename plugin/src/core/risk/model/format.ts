/**
 * Number formatting for driver sentences, en-US style (1,234.5), by hand: the same text wherever it
 * runs, and far cheaper than `toLocaleString`, which dominated the cost of scoring.
 */

import { roundHalfUp } from '../../numbers/rounding.js';

export function formatNumber(value: number, maximumFractionDigits = 0): string {
  const scale = 10 ** maximumFractionDigits;
  // Whole units of the last shown digit, rounded half-up on the decimal: 1234.56 with 1 digit is 12346.
  const units = Math.round(roundHalfUp(Math.abs(value), maximumFractionDigits) * scale);
  let whole = String(Math.floor(units / scale));
  for (let at = whole.length - 3; at > 0; at -= 3) whole = `${whole.slice(0, at)},${whole.slice(at)}`;
  const decimals = maximumFractionDigits
    ? String(units % scale)
        .padStart(maximumFractionDigits, '0')
        .replace(/0+$/, '')
    : '';
  const sign = value < 0 && units !== 0 ? '-' : '';
  return `${sign}${whole}${decimals ? `.${decimals}` : ''}`;
}

export function formatPercent(value: number, maximumFractionDigits = 0): string {
  return `${formatNumber(value, maximumFractionDigits)}%`;
}

export function formatMoney(value: number): string {
  const sign = value < 0 ? '-' : '';
  const size = Math.abs(value);
  if (size >= 1_000_000) return `${sign}$${formatNumber(size / 1_000_000, 1)}M`;
  if (size >= 10_000) return `${sign}$${formatNumber(size / 1000, 0)}K`;
  return `${sign}$${formatNumber(size, 0)}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

export function listNames(names: string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
