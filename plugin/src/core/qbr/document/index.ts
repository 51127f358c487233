export * from './types.js';
export { buildQbr, lineFigureList } from './buildQbr.js';
export { figureText, TOTAL_SCOPE } from './figures.js';
export { isQuarter, lastCompleteQuarter, quarterIndex, quarterPeriod } from './quarters.js';
export { renderQbrBody, renderQbrHtml, qbrStyles, type Paper, type RenderOptions } from './render.js';
