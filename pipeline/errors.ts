/**
 * An input the pipeline refuses, with a reason fit for one stderr line (`<file>: <reason>`).
 * Every other exception is a bug.
 */
export class InputError extends Error {
  override readonly name = "InputError";
}
