/** What collapsing changes: whitespace other than a space, two spaces in a row, a space at either end. */
const NEEDS_COLLAPSING = /[^\S ]| {2}|^ | $/;

/**
 * Whitespace runs as one space, none at either end; `\s` covers the no-break space (&nbsp;) and the
 * other Unicode spaces. Its own module, so that the PDF reader does not load an HTML parser for it.
 */
export function collapse(text: string): string {
  // Most text is collapsed already, and testing that costs a third of rewriting it: this runs for
  // every line of every PDF page.
  return NEEDS_COLLAPSING.test(text) ? text.replace(/\s+/g, " ").trim() : text;
}
