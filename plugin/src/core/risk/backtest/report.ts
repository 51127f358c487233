/**
 * The backtest as one self-contained HTML page: the figures, the ROC curve and the calibration
 * chart as inline SVG (nothing loaded from anywhere), the tiers and the worst misses.
 */
import type { BacktestResult } from './runBacktest.js';
import type { CalibrationBin, RocPoint } from './metrics.js';

const SIZE = 300;
const PAD = 40;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const fixed = (value: number | null, digits: number): string => (value === null ? 'n/a' : value.toFixed(digits));
const percent = (value: number | null): string => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
/** Chart coordinates of a (0–1, 0–1) point: x to the right, y up. */
const at = (x: number, y: number): string => `${(PAD + x * SIZE).toFixed(1)},${(PAD + (1 - y) * SIZE).toFixed(1)}`;

function frame(title: string, xLabel: string, yLabel: string, body: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((tick) => {
      const [x0, y0] = at(tick, 0).split(',');
      const [x1, y1] = at(0, tick).split(',');
      return (
        `<text x="${x0}" y="${Number(y0) + 16}" text-anchor="middle">${tick}</text>` +
        `<text x="${Number(x1) - 6}" y="${Number(y1) + 4}" text-anchor="end">${tick}</text>`
      );
    })
    .join('');
  const full = SIZE + 2 * PAD;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${full}" height="${full + 10}" viewBox="0 0 ${full} ${full + 10}" font-size="11" font-family="sans-serif">` +
    `<title>${escapeHtml(title)}</title>` +
    `<rect x="${PAD}" y="${PAD}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#999"/>` +
    `<polyline points="${at(0, 0)} ${at(1, 1)}" fill="none" stroke="#bbb" stroke-dasharray="4 4"/>` +
    ticks +
    `<text x="${PAD + SIZE / 2}" y="${full + 4}" text-anchor="middle">${escapeHtml(xLabel)}</text>` +
    `<text x="12" y="${PAD + SIZE / 2}" text-anchor="middle" transform="rotate(-90 12 ${PAD + SIZE / 2})">${escapeHtml(yLabel)}</text>` +
    body +
    '</svg>'
  );
}

export function rocSvg(points: RocPoint[]): string {
  const line = points.map((point) => at(point.falsePositiveRate, point.truePositiveRate)).join(' ');
  return frame(
    'ROC curve',
    'Share of renewals flagged (false positive rate)',
    'Share of non-renewals flagged',
    `<polyline points="${line}" fill="none" stroke="#0176d3" stroke-width="2"/>`,
  );
}

export function calibrationSvg(bins: CalibrationBin[]): string {
  const dots = bins
    .map(
      (bin) =>
        `<circle cx="${at(bin.meanChance, bin.lostRate).split(',')[0]}" cy="${at(bin.meanChance, bin.lostRate).split(',')[1]}" r="4" fill="#ba0517"><title>${bin.renewals} renewals: modelled ${percent(bin.meanChance)}, observed ${percent(bin.lostRate)}</title></circle>`,
    )
    .join('');
  const line = bins.map((bin) => at(bin.meanChance, bin.lostRate)).join(' ');
  return frame(
    'Calibration',
    'Modelled chance of not renewing',
    'Observed non-renewal rate',
    `<polyline points="${line}" fill="none" stroke="#ba0517"/>${dots}`,
  );
}

export function backtestReport(result: BacktestResult): string {
  const rows = (cells: string[][]): string =>
    cells.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  const tiers = rows(
    result.tiers.map((tier) => [tier.tier, String(tier.renewals), String(tier.lost), percent(tier.lostRate)]),
  );
  const misses = rows(
    result.worstMisses.map((miss) => [
      `${miss.accountName} (${miss.healthPlanId})`,
      miss.endDate,
      miss.outcome,
      `${miss.score.toFixed(1)} ${miss.tier}`,
      percent(miss.chance),
      miss.drivers.map((driver) => `+${driver.contribution.toFixed(1)} ${driver.sentence}`).join(' '),
    ]),
  );
  const leftOut = result.leftOut
    .map((entry) => `<li><b>${escapeHtml(entry.factor)}</b>: ${escapeHtml(entry.reason)}.</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Renewal risk backtest</title>
<style>body{font-family:sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}.charts{display:flex;flex-wrap:wrap;gap:2rem}</style>
</head><body>
<h1>Renewal risk backtest</h1>
<p>Model ${escapeHtml(result.modelVersion)}, ${result.configSource === 'org' ? "the org's" : 'the shipped default'} weights. Each renewal that came due ${result.from ? `from ${escapeHtml(result.from)} ` : ''}to ${escapeHtml(result.to)} was scored as of ${result.horizonDays} days before its contract end date, with only the snapshots of months already over and the contracts already started.</p>
<table><tbody>
<tr><th>Renewals scored</th><td>${result.renewals} (${result.lost} not renewed, ${percent(result.lostRate)}); ${result.notScored} without any data</td></tr>
<tr><th>AUC</th><td>${fixed(result.auc, 3)}</td></tr>
<tr><th>Brier score</th><td>${fixed(result.brier, 4)} (always predicting the base rate: ${fixed(result.baseRateBrier, 4)})</td></tr>
<tr><th>Lift of the riskiest decile</th><td>${fixed(result.topDecileLift, 2)}×</td></tr>
</tbody></table>
<div class="charts">${rocSvg(result.roc)}${calibrationSvg(result.calibration)}</div>
<h2>Observed non-renewal rate by tier</h2>
<table><thead><tr><th>Tier</th><th>Renewals</th><th>Not renewed</th><th>Rate</th></tr></thead><tbody>${tiers}</tbody></table>
<h2>Ten worst misses</h2>
<table><thead><tr><th>Account</th><th>Contract end</th><th>Outcome</th><th>Score</th><th>Modelled chance of not renewing</th><th>Drivers</th></tr></thead><tbody>${misses}</tbody></table>
<h2>Left out</h2><ul>${leftOut}</ul>
</body></html>
`;
}
