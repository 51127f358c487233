/** The document's styles: print first (letter or A4 via `@page`), readable on screen; every rule under `.qbr-doc`. */
export const QBR_STYLES = `
.qbr-doc { font-family: Inter, 'Salesforce Sans', Arial, sans-serif; color: #181818; font-size: 10pt; line-height: 1.4; }
.qbr-doc * { box-sizing: border-box; }
.qbr-doc .qbr-section { break-before: page; padding: 0; }
.qbr-doc .qbr-section:first-child { break-before: auto; }
.qbr-doc h1 { font-size: 28pt; margin: 0 0 8pt; line-height: 1.15; overflow-wrap: anywhere; }
.qbr-doc h2 { font-size: 16pt; margin: 0 0 10pt; color: #0b5cab; overflow-wrap: anywhere; }
.qbr-doc h3 { font-size: 12pt; margin: 14pt 0 6pt; break-after: avoid; }
.qbr-doc h4 { font-size: 10pt; margin: 8pt 0 4pt; }
.qbr-doc p, .qbr-doc li, .qbr-doc dd { overflow-wrap: anywhere; }
.qbr-doc .qbr-cover { padding-top: 1.6in; }
.qbr-doc .qbr-kicker { text-transform: uppercase; letter-spacing: 0.08em; color: #444; margin: 0 0 6pt; }
.qbr-doc .qbr-quarter { font-size: 18pt; color: #0b5cab; margin: 0 0 36pt; }
.qbr-doc .qbr-cover-grid, .qbr-doc .qbr-two { display: grid; grid-template-columns: 1fr 1fr; gap: 18pt; }
.qbr-doc .qbr-cover-grid h2 { font-size: 12pt; color: #181818; }
.qbr-doc .qbr-muted { color: #5c5c5c; }
.qbr-doc .qbr-note { background: #f3f3f3; border-left: 3pt solid #0b5cab; padding: 6pt 8pt; }
.qbr-doc .qbr-list { margin: 0; padding-left: 14pt; }
.qbr-doc table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 10pt; break-inside: auto; }
.qbr-doc caption { text-align: left; font-weight: 600; padding: 0 0 4pt; }
.qbr-doc th, .qbr-doc td { border-bottom: 0.5pt solid #c9c9c9; padding: 3pt 4pt; text-align: right; vertical-align: top; overflow-wrap: anywhere; }
.qbr-doc th[scope='row'], .qbr-doc thead th:first-child { text-align: left; }
.qbr-doc thead th { font-weight: 600; border-bottom: 1pt solid #444; }
.qbr-doc tr { break-inside: avoid; }
.qbr-doc .qbr-total th, .qbr-doc .qbr-total td { font-weight: 700; border-top: 1pt solid #444; }
.qbr-doc .qbr-strong { font-weight: 700; }
.qbr-doc .qbr-trend { display: inline-block; width: 10pt; font-size: 8pt; }
.qbr-doc .qbr-up { color: #2e844a; }
.qbr-doc .qbr-down { color: #ba0517; }
.qbr-doc .qbr-flat { color: #5c5c5c; }
.qbr-doc .qbr-met { color: #2e844a; font-size: 8pt; }
.qbr-doc .qbr-missed { color: #ba0517; font-size: 8pt; }
.qbr-doc .qbr-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.qbr-doc .qbr-chart-row { display: grid; grid-template-columns: 1fr 1fr; gap: 12pt; align-items: start; break-inside: avoid; margin: 6pt 0 8pt; }
.qbr-doc .qbr-chart { margin: 0; }
.qbr-doc .qbr-chart svg { width: 100%; height: auto; display: block; }
.qbr-doc .qbr-bar-label { font-size: 13px; fill: #181818; }
.qbr-doc .qbr-axis-label { font-size: 14px; fill: #181818; }
.qbr-doc figcaption { font-size: 9pt; margin-top: 2pt; }
.qbr-doc .qbr-legend { display: block; }
.qbr-doc .qbr-legend-item { margin-right: 10pt; white-space: nowrap; }
.qbr-doc .qbr-swatch { display: inline-block; width: 8pt; height: 8pt; margin-right: 3pt; vertical-align: baseline; }
.qbr-doc .qbr-compact { font-size: 9pt; }
.qbr-doc .qbr-compact th[scope='row'], .qbr-doc .qbr-compact thead th:first-child { width: 34%; overflow-wrap: normal; }
.qbr-doc .qbr-assumption { break-inside: avoid; }
.qbr-doc .qbr-source { font-size: 9pt; color: #444; }
.qbr-doc .qbr-objectives th, .qbr-doc .qbr-objectives td { font-size: 9pt; }
.qbr-doc .qbr-objectives th[scope='row'] { width: 30%; }
.qbr-doc .qbr-risks li { margin-bottom: 4pt; }
.qbr-doc .qbr-definitions dt { font-weight: 600; }
.qbr-doc .qbr-definitions dd { margin: 0 0 4pt 0; }
.qbr-doc .qbr-sources { font-size: 8pt; }
.qbr-doc .qbr-sources td, .qbr-doc .qbr-sources th { text-align: left; }
.qbr-doc .qbr-keys { font-family: 'DejaVu Sans Mono', Menlo, monospace; word-break: break-all; }
.qbr-doc .qbr-sources th:nth-child(1) { width: 14%; }
.qbr-doc .qbr-sources th:nth-child(2) { width: 20%; }
.qbr-doc .qbr-sources th:nth-child(3) { width: 28%; }
@media screen { .qbr-doc { max-width: 8.5in; margin: 0 auto; padding: 0.5in; } .qbr-doc .qbr-section { border-top: 1px solid #c9c9c9; padding-top: 18pt; margin-top: 18pt; } .qbr-doc .qbr-section:first-child { border-top: 0; margin-top: 0; } }
`;
