/**
 * Half-up rounding (ties away from zero, as Salesforce's ROUND and Apex's HALF_UP) on the decimal value
 * rather than on its binary approximation: `Math.round(4.475 * 100) / 100` is 4.47 because 4.475 is
 * stored as 4.47499999…; here it is 4.48.
 */

/** `numerator / denominator` (integers, denominator > 0) rounded half-up at `digits` decimals, exactly. */
export function roundRatioHalfUp(numerator: number | bigint, denominator: number | bigint, digits: number): number {
  const scale = 10n ** BigInt(digits);
  const n = BigInt(numerator) * scale;
  const d = BigInt(denominator);
  const size = n < 0n ? -n : n;
  const rounded = (2n * size + d) / (2n * d);
  return Number(n < 0n ? -rounded : rounded) / Number(scale);
}

/**
 * `value` rounded half-up at `digits` decimals, reading it as the decimal it stands for: its first 15
 * significant digits, where every double holds a decimal exactly (what lies past them is float noise).
 * No BigInt: the record page runs this too (c/healthPlanModel).
 */
export function roundHalfUp(value: number, digits: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const [mantissa, exponent] = Math.abs(value).toExponential(14).split('e');
  // The decimal shifted by `digits`, parsed: a tie (…5 after the shift) is exactly representable.
  const scaled = Number(`${mantissa}e${Number(exponent) + digits}`);
  const result = Math.floor(scaled + 0.5) / 10 ** digits;
  return value < 0 && result !== 0 ? -result : result;
}
