/**
 * Whitespace runs as one space, none at either end; `\s` covers the no-break space (&nbsp;) and the
 * other Unicode spaces. Its own module, so that the PDF reader does not load an HTML parser for it.
 */
export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
