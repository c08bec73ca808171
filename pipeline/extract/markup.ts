import * as cheerio from "cheerio";
import { collapse } from "./whitespace.js";

const BLOCK_BREAK = /<\s*(?:\/\s*p|br\s*\/?|\/\s*li|\/\s*div)\s*>/gi;
/**
 * Elements whose content an HTML parser takes as raw text to the end of the input when their end tag
 * is missing; renamed so their content stays the cell's text and no markup survives.
 */
const RAW_TEXT_ELEMENT =
  /<(\/?)(script|style|title|textarea|xmp|iframe|noembed|noframes|noscript|plaintext)\b/gi;
const HAS_MARKUP = /<\s*\/?\s*[a-z][^>]*>|&[a-z#0-9]+;/i;

/**
 * Markup left inside a copied cell (`<p>a</p> <p>b</p>`, `<i>x</i>`, `&amp;`): paragraph and line
 * breaks separate pieces, every other tag is removed with its text kept.
 */
export function markupToParagraphs(text: string): string[] {
  if (!HAS_MARKUP.test(text)) return [collapse(text)].filter(Boolean);
  const pieces = text.split(BLOCK_BREAK);
  return pieces
    .map((piece) =>
      collapse(
        cheerio
          .load(`<body>${piece.replace(RAW_TEXT_ELEMENT, "<$1x-$2")}</body>`)("body")
          .text(),
      ),
    )
    .filter(Boolean);
}
