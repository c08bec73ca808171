/*
 * The PDF reader's thresholds. Every one is a fraction of a font size (the line's own, or the document's
 * median), because what separates two words, two lines or two rows scales with the type, not with the page.
 */

/** Items are on one line when their centres, across the reading direction, are this close: lines of a paragraph are at least one font size apart, while baselines on one line differ by a few tenths at most. */
export const SAME_LINE = 0.5;

/** A gap wider than this between two items of a line is a word space: a space is 0.25–0.33 em in common fonts, while a font change or kerning split leaves no gap. */
export const WORD_GAP = 0.15;

/** Items of one chunk of text share their baseline to within this: a font change moves it by a few hundredths, a superscript by about a third. */
export const SAME_BASELINE = 0.4;

/** A gap wider than this separates two chunks of text (cells, signature names): wider than any word space (a monospaced one is 0.6 em, justified text stretches them further); cells closer than this are told apart by where their columns start (splitAtColumns). */
export const CHUNK_GAP = 1;

/** Rule positions closer than this are one boundary: a border's own width and drawing offsets stay under 1.5 pt, rows are at least a line apart. */
export const RULE_SNAP = 0.25;

/** The normal distance between two lines of a paragraph when a document gives no example: the default leading of office suites and browsers. */
export const DEFAULT_LINE_PITCH = 1.2;

/** A line starts a new paragraph when it sits this much lower than the document's normal line pitch: half an empty line is well above jitter (hundredths) and below any paragraph spacing producers use. */
export const PARAGRAPH_EXTRA_PITCH = 0.5;

/** The line pitch of a document's cells is read at this quantile of the steps between their lines: lines within a paragraph are the closest, and a low quantile stays clear of the few steps a clipped or overlapping text makes smaller. */
export const LINE_PITCH_QUANTILE = 0.1;

/** Steps between the lines of one paragraph differ by up to this (font sizes): a browser rounds each line box to whole pixels (0.75 pt, 0.11 of a 7 pt font; measured ±0.11 over the ruled cells of three 30-document corpora), while producers space paragraphs by 2 pt and more (0.18 of an 11 pt font). */
export const PARAGRAPH_STEP_JITTER = 0.12;

/** A word's width estimated from its text item's mean character width is scaled by this: capitals and wide letters run to 15% over the mean (measured on 5,100 line pairs of ruled cells, where a smaller scale let wrapped lines pass for paragraph ends). */
export const FIT_WORD_SCALE = 1.2;

/** …and must leave this much room besides (font sizes) to have fitted: the least that kept every wrapped line of those pairs whole, while 90% of the paragraph ends were still found. */
export const FIT_MARGIN = 0.3;

/** A word opens paragraphs in a document (rule `opening-word`) once the fill of lines shows it opening at least this many: one could be a misjudged fill, two are a habit of the document. */
export const MIN_OPENING_WORD = 2;

/** An item cut where a rule crosses it is cut at a space at most this many characters from where the rule falls by its mean character width: proportional letters put the estimate within two or three characters of the truth on a cell's width of text. */
export const NEAREST_SPACE_CHARACTERS = 4;

/** A word space is at most this many of its run's mean character widths: exactly one in a monospaced font (Courier 8 pt: 4.8 pt gaps after runs of 4.8 pt characters, round-trip seed 845760798), about half in proportional fonts; the tenth covers positions and widths rounded by the producer. Two cells a capital label's run ran into come 1.2 of its characters apart (round-trip seed -1200123040, Helvetica 8 pt: 5.9 pt after a run of 4.9 pt characters). */
export const MAX_SPACE_CHARACTERS = 1.1;

/** A line set more than this (font sizes) below the text above it, after a table's last action, is set apart from the table: a table's lines follow each other within a row's padding (under one font size), while a document sets its signatories' block an empty line or more below (the round-trip generator 28 pt: 3.1 to 4 font sizes). */
export const TABLE_END_GAP = 2;

/** A column found by alignment left of the actions holds at least this many entries (of different widths) in the table itself: one line of the table that text after it lines up with is a coincidence (round-trip seed -522328100: signatures and one line each), while the labels of a level beside no action, set apart below the last action row, may be as many as those beside the actions (two and two in test/pdf-table.test.ts). */
export const MIN_TABLE_ENTRIES = 2;

/** Left edges within this of each other start one column: left-aligned text shares its edge to a few hundredths of a point; side bearings of different first letters move it a little. */
export const COLUMN_ALIGN = 0.3;

/** Widths closer than this (in font sizes) are one text repeated (a header on every page, a one-digit total): the same string in the same font is drawn to the same width to a rounding error, while different wording differs by a good part of a glyph. */
export const SAME_WIDTH = 0.02;

/** A left edge shared by chunks of fewer different widths than this is a coincidence, not a column (a column holds at least a few entries over a document). */
export const MIN_COLUMN_SUPPORT = 3;

/** A column left of all the others (an upright band, rule `leading-column`) needs only this many different widths: its text beside a column's entries is no coincidence, and a band of two functions, or of one wrapped on two lines, has no more (corpus Calc 1796698635: 2). */
export const LEADING_COLUMN_SUPPORT = 2;

/** A column whose entries are more than this share of a busier rival's (left edges against centres) is that rival's coincidence. */
export const SAME_COLUMN_SHARE = 0.5;

/** The action column is the right-most column holding at least this share of the busiest column's entries: actions outnumber every label level, so their column is the busiest or close to it. */
export const ACTION_COLUMN_MIN_SHARE = 0.5;

/** A line joins the action above it when it sits at least this much closer than the normal row pitch, and no more than this farther than a wrapped line's pitch: rows add cell padding (half a font size or more) to the line pitch, and only a clearly smaller step is a wrapped line. */
export const ROW_PITCH_MARGIN = 0.25;

/** Steps between the lines of one paragraph differ by at most this (in font sizes): producers place lines to a hundredth of a point, and the corpus's wrapped lines step within 0.02 of their median (seed 1116812090: Calc 1.11-1.13, Writer 1.45-1.46), while cells' padding adds half a font size or more (Calc rows 1.65-1.92 against 1.12-1.17 wrapped). */
export const LINE_PITCH_JITTER = 0.05;

/** The longest step a paragraph's lines take is read at this quantile of the wrapped lines' steps (rule `rounded-pitch`): Chromium sets lines on whole pixels, two lengths in turn about 0.09 font sizes apart at 8 points, and a high quantile takes the longer while staying clear of the odd lower-case line that opens a cell of its own. */
export const WIDEST_PITCH_QUANTILE = 0.9;

/** A text item taller than this (in font sizes) holds several lines: one line's box is about a font size high (pdf.js gives the font size, a layout copy its nominal size), two lines' at least a line pitch more (2.2 in a layout copy, whose items are a cell's whole entry). */
export const ONE_LINE_HEIGHT = 1.5;

/**
 * Loose lines of one column this close (centre to centre, in font sizes) are one wrapped cell when
 * another column's line sits between them: the normal line pitch plus the paragraph margin, as in
 * cellParagraphs.
 */
export const LOOSE_WRAP_PITCH = DEFAULT_LINE_PITCH + PARAGRAPH_EXTRA_PITCH;

/** A table's text differs from its median size by at most this share: headings and titles are set a point or two larger (15% and more at the 7–12 pt of tables), bold and regular text of one size not at all. */
export const BODY_SIZE_TOLERANCE = 0.15;

/** Rotated pieces of one label (a band wrapped on several lines) are at most this far apart. */
export const ROTATED_LABEL_GAP = 1;

/** Left edges of a rotated label's lines are one line pitch apart: up to this, allowing for loose leading. */
export const ROTATED_LINE_PITCH = 1.6;

/**
 * A row of shaded cells side by side is a table's header when it has at least this many: an annex's
 * table has a column per level (four or five), while a shaded totals row or a label cell shaded with
 * the action beside it has one or two.
 */
export const MIN_HEADER_CELLS = 3;

/** Header lines of text this close (the gap between them, in font sizes) are one header on two lines: the corpus's headers (seed 1116812090) set their second line 0.14-0.79 font sizes below the first, 1.23 where a browser staggers its cells' lines; only lines of several cells printed again count, so no body line comes near. */
export const HEADER_LINE_GAP = 1.5;

/** A column belongs to a header cell printed without shading when at least this share of its entries lie under the cell's text: a label column's entries are set across its cell, under its centred header, while the band's column beside the table has one word at most run into the next cell (corpus seed 2026, Chromium 354966837: 1 of 5). */
export const HEADER_CELL_SHARE = 0.5;
