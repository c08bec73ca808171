import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { OverridesFormat, parseOverrides } from "../pipeline/overrides.js";

/** The decisions file's JSON Schema, checked by a validator of its own (ajv), against the README's example. */

const SCHEMA = JSON.parse(readFileSync("schema/overrides.schema.json", "utf8"));
// Dates are checked by the patterns zod writes beside `format`; ajv's formats are a package apart.
const validate = new Ajv2020({ validateFormats: false }).compile(SCHEMA);

/** The README's example: the first YAML block of its decisions-file section. */
const README_EXAMPLE = (() => {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Reviewing a reading"));
  const match = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error("README: no YAML example in the decisions-file section");
  return match[1];
})();

describe("schema/overrides.schema.json", () => {
  it("is the JSON Schema of the format the pipeline reads", () => {
    expect(SCHEMA).toEqual(z.toJSONSchema(OverridesFormat));
  });

  it("validates the README's example, which the pipeline reads too", () => {
    const example = parseYaml(README_EXAMPLE);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const parsed = parseOverrides(README_EXAMPLE, "decisioni.yaml");
    expect(parsed.document?.sha256).toHaveLength(64);
    expect(parsed.overrides.map((o) => [o.author, o.date])).toEqual([
      ["Maria Rossi", "2026-03-14"],
      ["Maria Rossi", "2026-03-14"],
      ["Luca Bianchi", "2026-03-15T09:30:00+01:00"],
    ]);
  });

  it.each([
    ["a decision without its reason", (e: Example) => delete e.overrides[0]?.reason],
    ["a date that is not ISO", (e: Example) => Object.assign(e.overrides[0] ?? {}, { date: "14/03/2026" })],
    ["a sha256 that is not 64 hex digits", (e: Example) => Object.assign(e.document, { sha256: "abc" })],
    [
      "two kinds in one decision",
      (e: Example) => Object.assign(e.overrides[0] ?? {}, { label: { code: "A1", name: "X" } }),
    ],
    ["an unknown key", (e: Example) => Object.assign(e, { notes: "x" })],
  ])("rejects %s, as the pipeline does", (_, spoil) => {
    const example = parseYaml(README_EXAMPLE) as Example;
    spoil(example);
    expect(validate(example)).toBe(false);
    expect(() => parseOverrides(JSON.stringify(example), "decisioni.json")).toThrow();
  });
});

interface Example {
  document: Record<string, unknown>;
  overrides: Record<string, unknown>[];
}
