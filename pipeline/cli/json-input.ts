import type { z } from "zod";
import { InputError } from "../errors.js";
import { DEFAULT_LIMITS } from "../limits.js";
import { INTERNAL_ERROR, NOT_JSON, VALIDATE } from "../messages/cli.js";
import { printable } from "../printable.js";
import { readRegularFile } from "../read-input.js";
import { UsageError } from "./usage-error.js";

/**
 * JSON files the commands read (a hierarchy for `diff`, `validate` and `--previous`), checked against
 * their zod schema. zod loads only with the commands that need it, with its Italian messages: what
 * is wrong in a file is said to a person.
 */
export async function loadContract() {
  const [{ z }, contract] = await Promise.all([import("zod"), import("../schema/contract.js")]);
  z.config(z.locales.it());
  return contract;
}

/** The schema of hierarchy.json, as `validate`, `diff` and `--previous` read it. */
export async function loadHierarchySchema() {
  await loadContract();
  return (await import("../schema/hierarchy.js")).Hierarchy;
}

/** A zod validation error, told by its name so that zod itself need not be loaded to recognise one. */
function isZodError(error: unknown): error is z.ZodError {
  return error instanceof Error && error.name === "ZodError" && "issues" in error;
}

/** `$.functions[0].macroProcesses[2].code`: where in the file an issue is. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) =>
      typeof key === "number"
        ? `[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(key))
          ? `.${String(key)}`
          : `[${JSON.stringify(String(key))}]`,
    )
    .reduce((out, part) => out + part, "$");
}

/** Every issue of a validation error, one line each: `<path>: <message>`. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`);
}

/** One line, never a stack trace: the reason for input errors, the first issue of an invalid file, the message for anything else. */
export function reasonOf(error: unknown): string {
  if (error instanceof InputError || error instanceof UsageError) return error.message;
  if (isZodError(error)) {
    const [first = "", ...more] = issueLines(error);
    return `${VALIDATE.invalid}: ${first}${more.length > 0 ? ` ${VALIDATE.more(more.length)}` : ""}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return INTERNAL_ERROR(message.split("\n")[0] ?? "");
}

export async function readJson(file: string): Promise<unknown> {
  // A regular file within the input size limit: a named pipe given by mistake would hang the run.
  const text = Buffer.from(await readRegularFile(file, DEFAULT_LIMITS.maxBytes)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(NOT_JSON);
  }
}

export async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const json = await readJson(file);
  try {
    return schema.parse(json);
  } catch (error) {
    throw isZodError(error) ? new InputError(reasonOf(error)) : error;
  }
}

/** For a file given to an option: it cannot be read, so the run cannot start (a usage error). */
export function failAsUsage(file: string) {
  return (error: unknown): never => {
    throw new UsageError(`${file}: ${reasonOf(error)}`);
  };
}

/** A file given as input that cannot be read or is not valid: its one line on stderr. */
export function refuse(file: string, reason: string): void {
  process.stderr.write(`${printable(file)}: ${printable(reason)}\n`);
}
