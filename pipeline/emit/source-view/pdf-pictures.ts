import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/types/src/display/api.js";
import { openPdf } from "../../extract/pdf/layout.js";
import type { Grid, GridCell } from "../../schema/grid.js";
import type { BBox, SourceRef } from "../../schema/source.js";
import type { SourcePicture, SourceView } from "../../schema/source-view.js";
import { boxesIntersect } from "./places.js";

/**
 * Pictures of the page regions findings concern, rendered with pdf.js on @napi-rs/canvas (the
 * canvas pdf.js itself uses in Node, installed as its optional dependency) and embedded as PNG data
 * URIs. A picture shows the table rows holding the concerned text, with the labels spanning them,
 * and outlines the concerned text in red.
 */

/**
 * Pixels per point: 1.5 draws the 8-point text of a dense annex at 12 pixels, readable at a
 * glance; the seed annex's five findings then cost 16–60 KB each (measured, PNG).
 */
const SCALE = 1.5;
/** A crop wider than this many pixels is drawn smaller: a landscape page at 1.5 is 1,263. */
const MAX_WIDTH_PX = 1300;
/**
 * A region taller than this (points) is cut to the concerned text and what is above it: 200 points
 * is a dozen rows of an 8-point table, 300 pixels of picture.
 */
const MAX_REGION_HEIGHT = 200;
/**
 * A region is at least this tall (points), upwards: a totals row or a lone label shows the rows just
 * above it, which it counts or heads (about four rows of an 8-point table).
 */
const MIN_REGION_HEIGHT = 48;
/** Space kept around the region (points), so that the outline does not touch the picture's edge. */
const MARGIN = 6;
/** Pages pictured per finding: a code labelled on several pages shows its first three. */
export const MAX_PAGES_PER_FINDING = 3;
/**
 * Encoded bytes all pictures of a report may take: 1.5 MB, 2 MB once in base64, keeping the page
 * under 3 MB with the tables of a large annex beside them; findings past it get no picture, and say so.
 */
const MAX_PICTURE_BYTES = 1_500_000;
const OUTLINE = "#d0021b";
const OUTLINE_WIDTH = 2;

type Canvas = typeof import("@napi-rs/canvas");

const union = (boxes: readonly BBox[]): BBox => [
  Math.min(...boxes.map((b) => b[0])),
  Math.min(...boxes.map((b) => b[1])),
  Math.max(...boxes.map((b) => b[2])),
  Math.max(...boxes.map((b) => b[3])),
];

/** The concerned boxes of one finding, by page, in page order; at most MAX_PAGES_PER_FINDING pages. */
function boxesByPage(places: readonly SourceRef[]): Map<number, BBox[]> {
  const pages = new Map<number, BBox[]>();
  for (const { page, bbox } of places) {
    if (page === null || bbox === null) continue;
    pages.set(page, [...(pages.get(page) ?? []), bbox]);
  }
  const kept = [...pages.keys()].sort((a, b) => a - b).slice(0, MAX_PAGES_PER_FINDING);
  return new Map(kept.map((page) => [page, pages.get(page) ?? []]));
}

/**
 * The region to picture on a page: the grid rows holding a concerned box, with the cells of earlier
 * rows of the page whose span reaches them (the labels the rows sit under), within the page; a
 * region too tall is cut to the concerned boxes and what is above them.
 */
export function pictureRegion(grid: Grid, page: number, concerned: readonly BBox[], size: BBox): BBox {
  const onPage = grid.rows.flatMap((row, index) => (row.page === page ? [{ row, index }] : []));
  const meets = (cell: GridCell) =>
    cell.source.bbox !== null && concerned.some((b) => boxesIntersect(b, cell.source.bbox as BBox));
  const cells: BBox[] = [];
  for (const { row, index } of onPage) {
    if (!row.cells.some(meets)) continue;
    for (const earlier of onPage) {
      if (earlier.index > index) break;
      for (const cell of earlier.row.cells) {
        if (earlier.index + cell.rowSpan > index && cell.source.bbox) cells.push(cell.source.bbox);
      }
    }
  }
  const rows = union([...concerned, ...cells]);
  const tight = union(concerned);
  // Too tall (a label spanning many rows, its text at their top): the concerned text and as much
  // of what is above it, where its labels are, as fits.
  const bottom = Math.min(tight[3], tight[1] + MAX_REGION_HEIGHT);
  const [x0, y0, x1, y1] =
    rows[3] - rows[1] <= MAX_REGION_HEIGHT
      ? rows
      : [rows[0], Math.max(rows[1], bottom - MAX_REGION_HEIGHT), rows[2], bottom];
  return [
    Math.max(size[0], x0 - MARGIN),
    Math.max(size[1], Math.min(y0, y1 - MIN_REGION_HEIGHT) - MARGIN),
    Math.min(size[2], x1 + MARGIN),
    Math.min(size[3], y1 + MARGIN),
  ];
}

/**
 * A grey pixel (channels within GREY_TOLERANCE of each other) is set to the nearest of GREY_LEVELS
 * greys; colours are left. A table's text is black on white, its antialiasing hundreds of greys that
 * PNG compresses badly: with 16 levels the seed annex's crops took 47 KB instead of 106 (measured,
 * 1085 × 318 pixels), and look the same.
 */
const GREY_LEVELS = 16;
const GREY_TOLERANCE = 8;

function quantizeGreys(data: Uint8ClampedArray): void {
  const step = 255 / (GREY_LEVELS - 1);
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i] ?? 0;
    const g = data[i + 1] ?? 0;
    const b = data[i + 2] ?? 0;
    if (Math.abs(r - g) >= GREY_TOLERANCE || Math.abs(g - b) >= GREY_TOLERANCE) continue;
    const grey = Math.round(Math.round(g / step) * step);
    data[i] = grey;
    data[i + 1] = grey;
    data[i + 2] = grey;
  }
}

async function renderRegion(
  canvasModule: Canvas,
  page: PDFPageProxy,
  region: BBox,
  concerned: readonly BBox[],
): Promise<Omit<SourcePicture, "page">> {
  const scale = Math.min(SCALE, MAX_WIDTH_PX / (region[2] - region[0]));
  const width = Math.max(1, Math.ceil((region[2] - region[0]) * scale));
  const height = Math.max(1, Math.ceil((region[3] - region[1]) * scale));
  const canvas = canvasModule.createCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  // The viewport maps the page's top-left coordinates (the readers' boxes) to the crop's pixels.
  const viewport = page.getViewport({ scale, offsetX: -region[0] * scale, offsetY: -region[1] * scale });
  await page.render({
    canvas: canvas as unknown as HTMLCanvasElement,
    canvasContext: context as unknown as CanvasRenderingContext2D,
    viewport,
  }).promise;
  const pixels = context.getImageData(0, 0, width, height);
  quantizeGreys(pixels.data);
  context.putImageData(pixels, 0, 0);
  context.strokeStyle = OUTLINE;
  context.lineWidth = OUTLINE_WIDTH;
  for (const [x0, y0, x1, y1] of concerned) {
    context.strokeRect(
      (x0 - region[0]) * scale - 2,
      (y0 - region[1]) * scale - 2,
      (x1 - x0) * scale + 4,
      (y1 - y0) * scale + 4,
    );
  }
  const png = await canvas.encode("png");
  return { dataUri: `data:image/png;base64,${png.toString("base64")}`, width, height };
}

const unavailable = (reason: string): SourceView => ({ kind: "unavailable", reason });
const notDrawn = (error: unknown): SourceView =>
  unavailable(
    `immagine non disponibile: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
  );

/**
 * One view per finding (null: no place on a page): its pages' pictures, in the findings' order (the
 * report's, most severe first) until `maxBytes` of data URIs or the time up to `deadline` (epoch ms)
 * is spent.
 */
export async function pdfPictures(
  pdf: Uint8Array,
  grid: Grid,
  places: readonly (readonly SourceRef[])[],
  deadline: number,
  maxBytes = MAX_PICTURE_BYTES,
): Promise<(SourceView | null)[]> {
  const wanted = places.map(boxesByPage);
  if (wanted.every((pages) => pages.size === 0)) return wanted.map(() => null);
  const canvasModule = await import("@napi-rs/canvas").catch(() => null);
  if (canvasModule === null)
    return wanted.map((pages) =>
      pages.size === 0 ? null : unavailable("immagine non disponibile: @napi-rs/canvas non è installato"),
    );
  const task = openPdf(pdf);
  try {
    const document: PDFDocumentProxy = await task.promise;
    const pagesKept = keptPages(document);
    let spent = 0;
    const views: (SourceView | null)[] = [];
    for (const pages of wanted) {
      // A page pdf.js cannot draw costs its findings their pictures, not the others theirs.
      views.push(pages.size === 0 ? null : await picture(pages).catch(notDrawn));
    }
    return views;

    async function picture(pages: Map<number, BBox[]>): Promise<SourceView> {
      if (Date.now() > deadline) return unavailable("immagine omessa: tempo a disposizione esaurito");
      if (spent >= maxBytes)
        return unavailable("immagine omessa: limite di dimensione del resoconto raggiunto");
      const pictures: SourcePicture[] = [];
      for (const [number, concerned] of pages) {
        const page = await pagesKept(number);
        // The readers' boxes are in this viewport's space: /Rotate and the crop box applied.
        const { width, height } = page.getViewport({ scale: 1 });
        const size: BBox = [0, 0, width, height];
        const rendered = await renderRegion(
          canvasModule as Canvas,
          page,
          pictureRegion(grid, number, concerned, size),
          concerned,
        );
        spent += rendered.dataUri.length;
        pictures.push({ page: number, ...rendered });
      }
      return { kind: "picture", pictures };
    }
  } catch (error) {
    return wanted.map((pages) => (pages.size === 0 ? null : notDrawn(error)));
  } finally {
    await task.destroy();
  }
}

/**
 * Pages kept between findings, so that a page several findings concern has its operators parsed once
 * (pdf.js keeps them with the page after drawing it). Findings come most severe first, not in page
 * order, so a few pages are kept, the least recently used let go first: memory stays a few pages'.
 */
const KEPT_PAGES = 4;

function keptPages(document: PDFDocumentProxy): (number: number) => Promise<PDFPageProxy> {
  const kept = new Map<number, Promise<PDFPageProxy>>();
  return (number) => {
    const page = kept.get(number) ?? document.getPage(number);
    kept.delete(number);
    kept.set(number, page);
    for (const [old, dropped] of kept) {
      if (kept.size <= KEPT_PAGES) break;
      kept.delete(old);
      // A page pdf.js could not give has nothing to let go (its findings already say why).
      void dropped.then(
        (p) => p.cleanup(),
        () => {},
      );
    }
    return page;
  };
}
