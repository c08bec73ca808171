import { SOURCE_VIEW_CSS } from "../source-view/style.js";
/**
 * The page's style. Narrow windows (a phone, 390 px) get the table as an outline, one block per label
 * and action, and wide tables their own scroll region, so that the page never scrolls sideways. In
 * print, every row carries its function's code (a band spanning many pages prints only on the first).
 */
export const CSS = `
:root { color-scheme: light; --flag: #fff1c2; --flag-edge: #b7791f; --low: #fde2e1; --low-edge: #b42318; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; overflow-wrap: break-word; }
/* A link's target clears the table's sticky column headers. */
[id] { scroll-margin-top: 5rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table.annex .print-function { display: none; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #999; }
nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
dl.document { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.document dt { font-weight: 600; }
dl.document dd { margin: 0; }
dl.document p, ul.metadata, ul.signers, ul.verdicts, ul.signature-findings { margin: 0; }
.digest { word-break: break-all; }
.ok { color: #1a6b2f; }
.bad { color: #b42318; }
.reading { border-left: 6px solid; padding: .25rem .75rem; margin-bottom: 1rem; }
.reading-reliable { border-color: #1a6b2f; }
.reading-review { border-color: var(--flag-edge); background: var(--flag); }
.reading-unreliable { border-color: var(--low-edge); background: var(--low); }
.note { border-left: 4px solid var(--flag-edge); padding-left: .5rem; }
table { border-collapse: collapse; margin: .75rem 0; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #888; padding: .25rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #eceff3; }
td[data-found], td[data-declared], .counts td { text-align: right; font-variant-numeric: tabular-nums; }
.differs { outline: 2px solid var(--low-edge); outline-offset: -2px; }
.mark { color: #b42318; }
table.annex { width: 100%; }
table.annex thead th { position: sticky; top: 0; z-index: 1; }
table.annex tbody { border-top: 3px solid #333; }
th.label { font-weight: normal; width: 18%; }
.label-code { font-weight: 700; font-variant-numeric: tabular-nums; }
th.band { width: 2.5rem; text-align: center; }
/* A label stays in view while its rows scroll under the sticky column headers. */
.label-body { position: sticky; top: 3.2rem; }
.band-text { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 600; }
.category { font-weight: normal; }
/* On the row's own cells only: a row background would also paint the labels spanning down from above. */
th.flagged, tr.flagged > td { background: var(--flag); }
th.flagged { box-shadow: inset 4px 0 0 var(--flag-edge); }
td.low-confidence { box-shadow: inset 4px 0 0 var(--low-edge); }
.badge { font-size: .85em; font-weight: 600; color: #b42318; white-space: nowrap; }
td.none { font-style: italic; color: #555; }
.flags { display: block; font-size: .85em; }
.flag { margin-right: .5rem; color: #7a4a00; white-space: nowrap; }
/* The band is narrow: its links stack, and may wrap, rather than widen the column. */
th.band .flag { display: block; margin: .25rem 0 0; white-space: normal; }
fieldset.filters { display: flex; flex-wrap: wrap; align-items: end; gap: 1rem; border: 1px solid #aaa; }
.filter label { display: block; font-weight: 600; }
select { font: inherit; padding: .2rem; }
#shown-count { margin: 0; font-weight: 600; }
#discrepancy-list > li { margin: .5rem 0; padding: .4rem .6rem; border: 1px solid #bbb; border-left-width: 6px; }
#discrepancy-list > li:target { outline: 3px solid #1f4fbf; }
#discrepancy-list > li.decided { background: #eef6ee; }
.where, .concerned { margin: .25rem 0; }
.where-label { font-weight: 600; }
.concerned { padding-left: 1.2rem; }
.under { color: #555; }
.reviewed-badge { font-size: .8em; font-weight: 700; color: #1a6b2f; border: 1px solid; border-radius: 3px; padding: 0 .3em; }
.decide { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin-top: .4rem; }
.decide[hidden] { display: none; }
.decision-state { margin: 0 .5rem 0 0; font-weight: 600; }
button { font: inherit; padding: .15rem .5rem; }
.decision-form { display: flex; flex-wrap: wrap; align-items: end; gap: .5rem 1rem; margin-top: .4rem; padding: .5rem; border: 1px dashed #777; }
.decision-form .field label { display: block; font-weight: 600; }
.decision-form select, .decision-form input { font: inherit; max-width: 100%; }
.decision-form .field { max-width: 100%; }
.form-error { flex-basis: 100%; margin: 0; color: #b42318; font-weight: 600; }
.form-error:empty { display: none; }
[aria-invalid="true"] { outline: 2px solid #b42318; }
:focus-visible { outline: 3px solid #1f4fbf; outline-offset: 2px; }
#decisions { position: sticky; bottom: 0; background: #f4f6fa; border: 1px solid #667; padding: .4rem .75rem; z-index: 2; }
#decisions h3 { margin: 0; font-size: 1rem; }
#decisions p { margin: .15rem 0; }
#decision-download:not([href]) { color: #555; text-decoration: none; }
.hint { font-size: .85em; color: #444; }
figure.source { margin: .4rem 0; }
figure.source img { max-width: 100%; height: auto; border: 1px solid #999; }
.source-lines { overflow-x: auto; white-space: pre-wrap; font-size: .85em; margin: 0; }
.line-number { color: #666; }
#discrepancy-list > li.severity-error { border-left-color: #b42318; }
#discrepancy-list > li.severity-warning { border-left-color: #b7791f; }
#discrepancy-list > li.severity-info { border-left-color: #5b6b7b; }
.severity { text-transform: uppercase; font-size: .8em; font-weight: 700; letter-spacing: .04em; }
.discrepancy-head, .message { margin: .1rem 0; }
dl.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 0 .75rem; margin: .25rem 0 0; font-size: .92em; }
dl.evidence dt { color: #444; }
dl.evidence dd { margin: 0; }
dl.evidence ul { margin: 0; padding-left: 1.2rem; }
tr:target > td, th:target { outline: 3px solid #1f4fbf; outline-offset: -3px; }
@media (max-width: 700px) {
  body { margin: .6rem; }
  dl.document, dl.evidence { grid-template-columns: minmax(0, 1fr); }
  dl.evidence dd, dl.document dd { margin-left: .75rem; }
  #discrepancy-list { padding-left: 1.6rem; }
  table.annex, table.annex > tbody, table.annex tr, table.annex th, table.annex td { display: block; width: auto; }
  table.annex thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.annex th, table.annex td { border-width: 0 0 0 1px; padding: .15rem .4rem; }
  table.annex th.band { border-top: 3px solid #333; text-align: left; }
  .band-text { writing-mode: horizontal-tb; transform: none; white-space: normal; }
  table.annex .label-body { position: static; }
  table.annex th.level-1 { margin-left: .5rem; }
  table.annex th.level-2 { margin-left: 1rem; }
  table.annex th.level-3 { margin-left: 1.5rem; }
  table.annex td.action { margin-left: 2rem; }
  table.annex td:empty { display: none; }
  #decisions .hint { display: none; }
}
@media print {
  body { margin: 0; font-size: 10pt; }
  nav, fieldset.filters, .decide, .decision-form, #decisions { display: none; }
  table.annex .print-function { display: table-cell; font-weight: 700; }
  th.band { display: none; }
  /* A row group's border made Chromium print a blank last page: the first row's cells carry it. */
  table.annex tbody { border-top: 0; }
  table.annex tbody > tr:first-child > * { border-top: 3px solid #333; }
  #discrepancy-list > li[hidden] { display: list-item !important; }
  table.annex thead th, .label-body { position: static; }
  thead { display: table-header-group; }
  #discrepancy-list > li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  th.flagged, tr.flagged > td, thead th { background: none; }
  th.flagged { box-shadow: none; border-left: 3px double #000; }
  td.low-confidence { box-shadow: none; }
}
${SOURCE_VIEW_CSS}`;
