import { writeFile } from "node:fs/promises";
import { createFolder } from "../output-lock.js";

/** Writes a named output: `-` is stdout. */
export async function writeOutput(target: string, text: string): Promise<void> {
  if (target === "-") {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
    );
  } else {
    await writeFile(target, text);
  }
}

/** A folder to write files into, created with its parents if need be; one already there is used as is. */
export async function ensureFolder(dir: string): Promise<void> {
  await createFolder(dir).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== "EEXIST") throw error;
  });
}
