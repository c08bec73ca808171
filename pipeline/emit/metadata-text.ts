import type { Chamber, DocumentMetadata, LawCitation, Signatory } from "../schema/metadata.js";
import type { SourceRef } from "../schema/source.js";
import { describeSource } from "./source-text.js";

/**
 * How both reports say what the document says of itself, in Italian: one labelled entry per piece of
 * metadata, each with where it was read, or that the document does not say it.
 */

export interface MetadataEntry {
  label: string;
  /** One line, or several (the signatories). */
  lines: string[];
}

/** `, pagina 10` — to follow other words inside brackets; empty when read outside the printed text. */
const at = (source: SourceRef | null) => (source ? `, ${describeSource(source, { box: false })}` : "");
/** ` (pagina 10)` — after a value. */
const where = (source: SourceRef | null) => (source ? ` (${describeSource(source, { box: false })})` : "");

const CHAMBER_FROM: Record<Chamber["from"], string> = {
  title: "dal titolo",
  notice: "dalla nota di firma",
  "signature-block": "dal blocco delle firme",
  "signer-certificate": "dall'organizzazione nel certificato del firmatario; il testo non la nomina",
};

function chamberLine(chamber: Chamber | null): string {
  if (!chamber) return "non indicata nel documento";
  return `${chamber.name} (${CHAMBER_FROM[chamber.from]}${at(chamber.source)})`;
}

function signatoryLine(s: Signatory): string {
  const name = s.name ?? "nome non stampato";
  return `${s.role}: ${name}${where(s.source)}`;
}

const lawLine = (law: LawCitation) => (law.article ? `art. ${law.article} ${law.citation}` : law.citation);

export function metadataEntries(metadata: DocumentMetadata): MetadataEntry[] {
  const { chamber, signatories, signatureNotice: notice, approvingAct: act, period } = metadata;
  return [
    { label: "Camera di commercio", lines: [chamberLine(chamber)] },
    {
      label: "Firmatari",
      lines: signatories.length > 0 ? signatories.map(signatoryLine) : ["non indicati nel documento"],
    },
    {
      label: "Nota di firma",
      lines: notice
        ? [
            `«${notice.text}»${where(notice.source)}`,
            notice.laws.length > 0
              ? `norme citate: ${notice.laws.map(lawLine).join(", ")}`
              : "nessuna norma citata con numero e anno",
          ]
        : ["non presente"],
    },
    {
      label: "Atto di approvazione",
      lines: [
        act
          ? `${act.text}${act.date ? ` (data ${act.date})` : ""}${where(act.source)}`
          : "non indicato nel documento",
      ],
    },
    {
      label: "Anno",
      lines: [
        period
          ? `${period.from === period.to ? period.from : `${period.from}–${period.to}`} («${period.text}»${at(period.source)})`
          : "non indicato nel documento",
      ],
    },
  ];
}
