import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { VALIDATE } from "../messages/cli.js";
import { CONTRACT_SCHEMA_NAMES, type ContractSchemaName } from "../schema/contract-names.js";
import {
  issueLines,
  loadContract,
  loadHierarchySchema,
  readJson,
  readJsonFile,
  reasonOf,
  refuse,
} from "./json-input.js";
import { ensureFolder, writeOutput } from "./outputs.js";

/**
 * The commands over JSON files: `diff`, `validate`, `schema`. A file given as input that cannot be
 * read, or is not valid, is said as `<file>: <reason>` and exits 1, in every command alike.
 */

export async function diffCommand(
  oldFile: string,
  newFile: string,
  options: { json?: boolean },
): Promise<number> {
  const Hierarchy = await loadHierarchySchema();
  const { DiffReport, diffHierarchies, renderDiffMarkdown } = await import("../diff.js");
  const read = (file: string) =>
    readJsonFile(file, Hierarchy).catch((error: unknown) => {
      refuse(file, reasonOf(error));
      return null;
    });
  const oldH = await read(oldFile);
  const newH = await read(newFile);
  if (!oldH || !newH) return 1;
  const report = DiffReport.parse(diffHierarchies(oldH, newH));
  await writeOutput("-", options.json ? `${JSON.stringify(report, null, 2)}\n` : renderDiffMarkdown(report));
  return 0;
}

/** Every error, one line each with its JSON path, not only the first: a file is put right in one go. */
export async function validateCommand(
  file: string,
  options: { schema?: ContractSchemaName },
): Promise<number> {
  const { CONTRACT_SCHEMAS } = await loadContract();
  const json = await readJson(file).catch((error: unknown) => {
    refuse(file, reasonOf(error));
    return undefined;
  });
  if (json === undefined) return 1;
  const result = CONTRACT_SCHEMAS[options.schema ?? "hierarchy"].schema.safeParse(json);
  if (!result.success) {
    for (const line of issueLines(result.error)) refuse(file, line);
    return 1;
  }
  await writeOutput("-", `${file}: ${VALIDATE.valid}\n`);
  return 0;
}

/** One schema on stdout; with `--out <dir>`, each (or the one named) as `<dir>/<name>.schema.json`. */
export async function schemaCommand(name: ContractSchemaName | undefined, options: { out?: string }) {
  const { jsonSchemaOf, schemaFileName } = await loadContract();
  const text = (n: ContractSchemaName) => `${JSON.stringify(jsonSchemaOf(n), null, 2)}\n`;
  if (options.out === undefined || options.out === "-") {
    await writeOutput("-", text(name ?? "hierarchy"));
    return 0;
  }
  await ensureFolder(options.out);
  for (const n of name ? [name] : CONTRACT_SCHEMA_NAMES) {
    const target = join(options.out, schemaFileName(n));
    await writeFile(target, text(n));
    await writeOutput("-", `${target}\n`);
  }
  return 0;
}
