import { z } from "zod";

/** discrepancies.json: machine-readable findings with location, in the manner of Frictionless reports. */
export const DiscrepancyKind = z.enum([
  "count_mismatch",
  "duplicate_action",
  "duplicate_code",
  "empty_subprocess",
  "code_out_of_order",
  "reassigned_action",
  "missing_label",
  "unplaced_text",
  "signature_invalid",
  // additions to the contract's list
  "split_cell",
  "source_warning",
  "completed_function_name",
  "signature_unverified_chain",
  "signature_untrusted",
  "signature_warning",
  "stale_override",
  "override_applied",
]);
export type DiscrepancyKind = z.infer<typeof DiscrepancyKind>;

export const Severity = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof Severity>;

export const Discrepancy = z.object({
  kind: DiscrepancyKind,
  severity: Severity,
  code: z.string().nullable(),
  message: z.string().min(1),
  evidence: z.record(z.string(), z.unknown()),
});
export type Discrepancy = z.infer<typeof Discrepancy>;

export const DiscrepancyReport = z.object({ discrepancies: z.array(Discrepancy) });
export type DiscrepancyReport = z.infer<typeof DiscrepancyReport>;
