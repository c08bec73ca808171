import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ingestBytes } from "../pipeline/ingest.js";
import { STAGE_CHANNEL, STAGES, type StageDone } from "../pipeline/stage-channel.js";

/** The stages an ingestion of `file` publishes, in the order it publishes them. */
async function stagesOf(file: string): Promise<StageDone[]> {
  const seen: StageDone[] = [];
  const onStage = (message: unknown) => seen.push(message as StageDone);
  subscribe(STAGE_CHANNEL, onStage);
  try {
    await ingestBytes(new Uint8Array(readFileSync(file)), file, { pictures: false });
  } finally {
    unsubscribe(STAGE_CHANNEL, onStage);
  }
  return seen;
}

/** What `npm run bench` splits the reading's time by: each stage's end, in order, on a clock that only goes on. */
describe("stage channel", () => {
  it("publishes every stage of a PDF's ingestion once, in order, with its times", async () => {
    const seen = await stagesOf("fixtures/articolazione-processi.pdf");
    expect(seen.map((done) => done.stage)).toEqual([...STAGES]);
    for (const [index, done] of seen.entries()) {
      const before = seen[index - 1];
      if (!before) continue;
      expect(done.wall).toBeGreaterThanOrEqual(before.wall);
      expect(done.cpu.user + done.cpu.system).toBeGreaterThanOrEqual(before.cpu.user + before.cpu.system);
    }
  });

  it("publishes no layout for a reader without one", async () => {
    const seen = await stagesOf("fixtures/articolazione-processi.txt");
    expect(seen.map((done) => done.stage)).toEqual(STAGES.filter((stage) => stage !== "layout"));
  });
});
