/** A vertical extent: the text of an action row, or of a label. */
export interface Span {
  readonly top: number;
  readonly bottom: number;
}

/**
 * A row of a segment. `empty`: a row the reader added for a label in a gap beside an empty action
 * cell (rule `empty-row-owner`, costs.ts): it holds no action, and is a block of its own or none.
 */
export interface RowSpan extends Span {
  readonly empty?: boolean;
}

/** A label's extent, and whether it is turned (a band): turned text sits in its cell by its own rules. */
export interface LabelSpan extends Span {
  readonly turned?: boolean;
}
