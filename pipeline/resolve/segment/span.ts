/** A vertical extent: the text of an action row, or of a label. */
export interface Span {
  readonly top: number;
  readonly bottom: number;
}

/** A label's extent, and whether it is turned (a band): turned text sits in its cell by its own rules. */
export interface LabelSpan extends Span {
  readonly turned?: boolean;
}
