import { z } from "zod";
import { CorpusIndex } from "../corpus/corpus-index.js";
import { DiffChange, DiffReport } from "../diff.js";
import type { ContractSchemaName } from "./contract-names.js";
import { Discrepancy, DiscrepancyKind, DiscrepancyReport } from "./discrepancy.js";
import { Hierarchy } from "./hierarchy.js";
import { IngestSummary } from "./summary.js";

/**
 * The JSON Schemas of the outputs other systems read (../shared/CONTRACT.md), made from the zod
 * schemas the pipeline checks its own outputs with, so that there is one source of truth: `annex
 * schema <name>` prints them, `annex validate --schema <name>` checks a file against the same zod
 * schema, and schema/<name>.schema.json is the committed copy (`npm run schemas` writes it; a test
 * keeps it equal).
 *
 * Open to additions, as the contract promises fields may be added: made in zod's `input` mode, where
 * an object says nothing of keys it does not know (zod's `output` mode forbids them, and `validate`
 * would strip them anyway). The kinds of discrepancies are open too ("more may be added"): a kind is
 * any snake_case code, the ones this version writes given as examples.
 */

const OpenDiscrepancyReport = DiscrepancyReport.extend({
  discrepancies: z.array(
    Discrepancy.extend({
      kind: z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/)
        .meta({ description: "What was found; more kinds may be added.", examples: DiscrepancyKind.options }),
    }),
  ),
});

// A change holds its children's changes: the schema refers to itself, under a name a reader can follow.
if (!z.globalRegistry.has(DiffChange)) z.globalRegistry.add(DiffChange, { id: "change" });

interface ContractSchema {
  readonly schema: z.ZodType;
  readonly title: string;
  readonly description: string;
}

export const CONTRACT_SCHEMAS: Readonly<Record<ContractSchemaName, ContractSchema>> = {
  hierarchy: {
    schema: Hierarchy,
    title: "hierarchy.json",
    description:
      "An annex's process map as read: functions, macro-processes, processes, sub-processes and their actions, with where each was read and how far the reading is reliable.",
  },
  discrepancies: {
    schema: OpenDiscrepancyReport,
    title: "discrepancies.json",
    description:
      "What the reading found wrong or doubtful in the annex, each finding with its kind, severity and evidence.",
  },
  diff: {
    schema: DiffReport,
    title: "annex diff --json",
    description: "What changed between two versions of hierarchy.json.",
  },
  summary: {
    schema: IngestSummary,
    title: "annex ingest --summary-json",
    description:
      "One entry per input of an ingest run: its output folder, verdict, counts, status and failure reason.",
  },
  "corpus-index": {
    schema: CorpusIndex,
    title: "<corpus>/index.json",
    description:
      "A corpus of annexes (annex ingest --corpus): every chamber and its versions oldest first, with each version's folder, counts, findings and reading verdict.",
  },
};

/** The committed file's name, and the end of the schema's `$id`. */
export function schemaFileName(name: ContractSchemaName): string {
  return `${name}.schema.json`;
}

/**
 * A name for the schemas to be told apart by, not an address to fetch: the project publishes no
 * site, and a URN cannot be mistaken for one.
 */
export function schemaId(name: ContractSchemaName): string {
  return `urn:cciaa-annex-pipeline:schema:v1:${name}`;
}

export function jsonSchemaOf(name: ContractSchemaName): Record<string, unknown> {
  const { schema, title, description } = CONTRACT_SCHEMAS[name];
  const { $schema, ...body } = z.toJSONSchema(schema, { io: "input" });
  return { $schema, $id: schemaId(name), title, description, ...body };
}
