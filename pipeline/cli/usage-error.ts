import { USAGE } from "../messages/cli.js";

/** A mistake on the command line: said on stderr with the command's usage, exit 2, nothing read or written. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An option's value parser: a whole number from 1, or a usage error naming the option. */
export function positiveInteger(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < 1)
      throw new UsageError(USAGE.positiveInteger(option, value));
    return n;
  };
}
