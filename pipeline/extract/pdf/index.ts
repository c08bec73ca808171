import type { Reader } from "../reader.js";
import { readLayout } from "./layout.js";
import { layoutToGrid } from "./table.js";

/** Where the `%PDF-` header may sit: the PDF specification lets readers accept it within the first 1024 bytes. */
const HEADER_WINDOW = 1024;
const HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** Reads a PDF the way a person sees it: its pages' text and rules, then the table they draw. */
export const readPdf: Reader = async (bytes, limits) => layoutToGrid(await readLayout(bytes, limits));

/** Whether the bytes are a PDF, by its header rather than by the file name. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const last = Math.min(bytes.length, HEADER_WINDOW) - HEADER.length;
  for (let start = 0; start <= last; start++) {
    if (HEADER.every((byte, offset) => bytes[start + offset] === byte)) return true;
  }
  return false;
}
