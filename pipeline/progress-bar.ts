import { printable } from "./printable.js";

/**
 * The batch's progress on a terminal: one line on stderr, redrawn in place. Nothing is drawn when
 * stderr is not a terminal (a pipe, a file, CI logs), where redrawn lines would only be noise.
 */

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  /** The file most recently started among those still running; null when none is. */
  readonly current: string | null;
}

/** Cells of the bar itself; the counts and the file name take the rest of the line. */
const BAR_CELLS = 24;
/** Used when the terminal does not say how wide it is (no width, or 0 as on a pseudo-terminal never sized). */
const DEFAULT_COLUMNS = 80;

/**
 * `[#########---------------]  37/100  2 failed  annex.pdf`, never wider than `columns - 1`: a line
 * that fills the last column wraps on some terminals, and a wrapped line cannot be redrawn in place.
 * A long file name loses its beginning, not its end, which names the file.
 */
export function renderProgress(progress: Progress, columns: number): string {
  const { done, total, failed, current } = progress;
  const filled = total === 0 ? BAR_CELLS : Math.round((done / total) * BAR_CELLS);
  const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_CELLS - filled)}]`;
  const count = `${String(done).padStart(String(total).length)}/${total}`;
  const head = [bar, count, ...(failed > 0 ? [`${failed} failed`] : [])].join("  ");
  const room = columns - 1 - head.length - 2;
  if (current === null || room < 2) return head.slice(0, Math.max(0, columns - 1));
  const shown = printable(current);
  const name = shown.length <= room ? shown : `…${shown.slice(shown.length - room + 1)}`;
  return `${head}  ${name}`;
}

/** Return to the line's start and erase it. */
const CLEAR_LINE = "\r\x1b[K";

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** Tracks a batch and keeps its progress line current; `log` writes a whole line above it. */
export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #onTerminal: boolean;
  readonly #total: number;
  readonly #running: string[] = [];
  #done = 0;
  #failed = 0;

  constructor(stream: ProgressStream, total: number) {
    this.#stream = stream;
    this.#onTerminal = stream.isTTY === true;
    this.#total = total;
  }

  start(file: string): void {
    this.#running.push(file);
    this.#draw();
  }

  finish(file: string, ok: boolean): void {
    const at = this.#running.lastIndexOf(file);
    if (at >= 0) this.#running.splice(at, 1);
    this.#done += 1;
    if (!ok) this.#failed += 1;
    this.#draw();
  }

  /** A line of its own (a failure's reason): the progress line is cleared, the line written, the progress redrawn. */
  log(line: string): void {
    if (this.#onTerminal) this.#stream.write(CLEAR_LINE);
    this.#stream.write(`${line}\n`);
    this.#draw();
  }

  /** Erases the progress line, before the summary. */
  clear(): void {
    if (this.#onTerminal) this.#stream.write(CLEAR_LINE);
  }

  #draw(): void {
    if (!this.#onTerminal) return;
    const progress = {
      done: this.#done,
      total: this.#total,
      failed: this.#failed,
      current: this.#running.at(-1) ?? null,
    };
    this.#stream.write(`${CLEAR_LINE}${renderProgress(progress, this.#stream.columns || DEFAULT_COLUMNS)}`);
  }
}
