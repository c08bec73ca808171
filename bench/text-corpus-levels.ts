/** Damage levels of the text corpus's copies, shared by corpus:text and corpus:text:errors. */

/** Damage levels are drawn evenly from this range: from a copy barely damaged to the worst. */
const LEVELS: readonly [number, number] = [0.2, 1];

/** The damage level of the corpus's i-th copy. */
export const levelOf = (i: number) => LEVELS[0] + ((i * 0.618) % 1) * (LEVELS[1] - LEVELS[0]);
