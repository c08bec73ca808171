import iconv from "iconv-lite";
import { InputError } from "../errors.js";
import { REFUSAL } from "../messages/refusals.js";

/**
 * Share of control characters (other than tab, newline, carriage return, form feed) above which bytes
 * are not text. Real copies have none; 1% tolerates a stray character while refusing any binary file,
 * whose bytes are roughly uniform (about 12% of them are controls).
 */
const MAX_CONTROL_SHARE = 0.01;

/** Decodes text bytes: UTF-8 (BOM or valid), else windows-1252, the encoding Italian Windows copies use. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes.length === 0) throw new InputError(REFUSAL.emptyFile);
  if (bytes.includes(0)) throw new InputError(REFUSAL.text.nulBytes);
  let text: string;
  let encoding = "utf-8";
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    text = iconv.decode(Buffer.from(bytes), "windows-1252");
    encoding = "windows-1252";
  }
  let controls = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) controls++;
  }
  if (controls / text.length > MAX_CONTROL_SHARE) throw new InputError(REFUSAL.text.binary);
  return { text, encoding };
}
