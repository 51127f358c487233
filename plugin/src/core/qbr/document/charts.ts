/** Grouped bar charts as inline SVG: one group per line of business, one bar per period, each bar labelled. */
import type { Chart } from './types.js';
import { escapeHtml, figureSpan } from './html.js';

const WIDTH = 640;
const HEIGHT = 220;
const TOP = 24;
const BOTTOM = 40;
const COLORS = ['#b0c4de', '#5b8fd1', '#0b5cab'];

export function chartSvg(chart: Chart): string {
  const values = chart.series.flatMap((series) => series.figures.map((item) => item.value ?? 0));
  const max = Math.max(0, ...values);
  const titleId = `chart-${chart.id}`;
  if (!chart.categories.length || max <= 0) {
    return `<p class="qbr-muted">${escapeHtml(chart.title)}: no data for these quarters.</p>`;
  }
  const plot = HEIGHT - TOP - BOTTOM;
  const groupWidth = WIDTH / chart.categories.length;
  const barWidth = Math.min(48, (groupWidth * 0.8) / chart.series.length);
  const bars = chart.categories.flatMap((category, c) => {
    const groupLeft = c * groupWidth + (groupWidth - barWidth * chart.series.length) / 2;
    const groupBars = chart.series.map((series, s) => {
      const item = series.figures[c];
      const height = ((item.value ?? 0) / max) * plot;
      const x = groupLeft + s * barWidth;
      const y = TOP + plot - height;
      return (
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${height.toFixed(1)}" fill="${COLORS[s % COLORS.length]}"></rect>` +
        `<text x="${(x + (barWidth - 4) / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="qbr-bar-label">${figureSpan(item, 'tspan')}</text>`
      );
    });
    const label = `<text x="${(c * groupWidth + groupWidth / 2).toFixed(1)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle" class="qbr-axis-label">${escapeHtml(category)}</text>`;
    return [...groupBars, label];
  });
  const legend = chart.series
    .map(
      (series, s) =>
        `<span class="qbr-legend-item"><span class="qbr-swatch" style="background:${COLORS[s % COLORS.length]}"></span>${escapeHtml(series.label)}</span>`,
    )
    .join('');
  return (
    `<figure class="qbr-chart"><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${titleId}" preserveAspectRatio="xMidYMid meet">` +
    `<title id="${titleId}">${escapeHtml(chart.title)} by line of business; the same numbers are in the table.</title>` +
    `<line x1="0" y1="${TOP + plot}" x2="${WIDTH}" y2="${TOP + plot}" stroke="#706e6b"></line>${bars.join('')}</svg>` +
    `<figcaption><strong>${escapeHtml(chart.title)}</strong><span class="qbr-legend">${legend}</span></figcaption></figure>`
  );
}
