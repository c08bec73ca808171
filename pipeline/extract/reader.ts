import type { Grid } from "../schema/grid.js";

/** What every format reader does: bytes in, the shared grid out (or an InputError). */
export type Reader = (bytes: Uint8Array) => Promise<Grid>;
