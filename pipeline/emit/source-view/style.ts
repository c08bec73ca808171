// Apart from markup.ts, which imports report-html.ts: the page's stylesheet is built when report-html.ts
// is evaluated, and this module must be ready by then whichever of the two is imported first.
/** The page's rules for these views, for report.html's own stylesheet (its CSP admits no other). */
export const SOURCE_VIEW_CSS = `
.source-view { margin: .4rem 0; }
.source-view figure { margin: .3rem 0; }
.source-picture { max-width: 100%; height: auto; border: 1px solid #bbb; }
.source-rows { border-collapse: collapse; font-size: .85rem; }
.source-rows caption { text-align: left; font-style: italic; }
.source-rows th, .source-rows td { border: 1px solid #ccc; padding: .1rem .3rem; vertical-align: top; text-align: left; }
.source-rows th { font-weight: normal; color: #444; white-space: nowrap; }
.source-marked mark { background: #ffe08a; color: inherit; }
`;
