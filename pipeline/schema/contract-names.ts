/** The outputs whose JSON Schema `annex schema` prints (pipeline/schema/contract.ts), named without loading zod. */
export const CONTRACT_SCHEMA_NAMES = [
  "hierarchy",
  "discrepancies",
  "diff",
  "summary",
  "corpus-index",
] as const;
export type ContractSchemaName = (typeof CONTRACT_SCHEMA_NAMES)[number];
