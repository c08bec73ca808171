import { channel } from "node:diagnostics_channel";
import { performance } from "node:perf_hooks";

/**
 * Where an ingestion says that one of its stages is done, for a measure to split the reading's time by
 * stage within the very reading it times (`npm run bench`), rather than by running the stages apart.
 * A diagnostics channel: publishing costs nothing while nobody subscribes, and nothing is kept.
 */
export const STAGE_CHANNEL = "annex:stage";

/** The stages in the order an ingestion ends them; a reader other than the PDF's has no `layout`. */
export const STAGES = ["layout", "grid", "checked", "resolved", "hierarchy", "pictures", "outputs"] as const;
export type Stage = (typeof STAGES)[number];

/** What a subscriber receives: the stage ended, and when, in wall time (ms) and in the process's CPU time. */
export interface StageDone {
  readonly stage: Stage;
  readonly wall: number;
  readonly cpu: NodeJS.CpuUsage;
}

const stages = channel(STAGE_CHANNEL);

export function stageDone(stage: Stage): void {
  if (!stages.hasSubscribers) return;
  const done: StageDone = { stage, wall: performance.now(), cpu: process.cpuUsage() };
  stages.publish(done);
}
