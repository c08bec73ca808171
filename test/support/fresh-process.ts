import { execFile } from "node:child_process";
import { promisify } from "node:util";

/**
 * Runs `script`, an ES module that may import the TypeScript sources (through tsx), in a fresh Node
 * process started in the project's root, and returns what it printed, parsed as JSON. For checks on
 * process-wide state (globals, built-ins, what was loaded), which test files in one worker share.
 */
export async function jsonFromFreshProcess(script: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "--eval", script],
    { cwd: new URL("../..", import.meta.url).pathname, timeout: 60_000 },
  );
  return JSON.parse(stdout);
}
