/**
 * Text from outside (a file name, a reason quoting a file's bytes) made safe for one terminal line:
 * a newline in a file name would otherwise split its `<file>: <reason>` line and could forge another,
 * and an escape sequence would drive the terminal. Control characters are written as escapes (`\n`,
 * `\t`, `\x1b`), as are the Unicode line separators and the bidirectional overrides that can make a
 * line read otherwise than it is.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function printable(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const named = NAMED[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
