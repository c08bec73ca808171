import * as cheerio from "cheerio";

const BLOCK_BREAK = /<\s*(?:\/\s*p|br\s*\/?|\/\s*li|\/\s*div)\s*>/gi;
const HAS_MARKUP = /<\s*\/?\s*[a-z][^>]*>|&[a-z#0-9]+;/i;

/**
 * Markup left inside a copied cell (`<p>a</p> <p>b</p>`, `<i>x</i>`, `&amp;`): paragraph and line
 * breaks separate pieces, every other tag is removed with its text kept.
 */
export function markupToParagraphs(text: string): string[] {
  if (!HAS_MARKUP.test(text)) return [collapse(text)].filter(Boolean);
  const pieces = text.split(BLOCK_BREAK);
  return pieces
    .map((piece) => collapse(cheerio.load(`<body>${piece}</body>`)("body").text()))
    .filter(Boolean);
}

export function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}
