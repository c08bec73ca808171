/**
 * PDFs written by hand, object by object, for tests that must state exactly which bytes a file holds
 * (a damaged content stream, a signature's byte range). Bodies are Latin-1 text.
 */

/**
 * A complete PDF file's text: the header, the objects numbered from 1 (the first is the catalog), a
 * cross-reference table with their offsets, and the trailer. Offsets count characters, which are
 * bytes once the text is written as Latin-1.
 */
export function pdfText(version: string, objects: readonly string[]): string {
  let text = `%PDF-${version}\n`;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(text.length);
    text += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return text;
}

/** A stream object's body: its dictionary with the right /Length, then the data. */
export function streamObject(data: string): string {
  return `<< /Length ${data.length} >>\nstream\n${data}\nendstream`;
}
