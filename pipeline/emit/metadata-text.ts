import { formatDate } from "../messages/format.js";
import { METADATA } from "../messages/metadata.js";
import type { Chamber, DocumentMetadata, LawCitation, Signatory } from "../schema/metadata.js";
import type { SourceRef } from "../schema/source.js";
import { describeSource } from "./source-text.js";

/**
 * How both reports say what the document says of itself (messages/metadata.ts): one labelled entry
 * per piece of metadata, each with where it was read, or that the document does not say it.
 */

export interface MetadataEntry {
  label: string;
  /** One line, or several (the signatories). */
  lines: string[];
}

/** Where a value was read; null when read outside the printed text (the signer's certificate). */
const where = (source: SourceRef | null) => (source ? describeSource(source) : null);

function chamberLine(chamber: Chamber | null): string {
  if (!chamber) return METADATA.notStatedFeminine;
  const at = where(chamber.source);
  const from = METADATA.chamberFrom[chamber.from];
  return at
    ? METADATA.chamberReadAt({ name: chamber.name, from, where: at })
    : METADATA.chamberRead({ name: chamber.name, from });
}

function signatoryLine(s: Signatory): string {
  const name = s.name ?? METADATA.nameNotPrinted;
  const at = where(s.source);
  return at
    ? METADATA.signatoryAt({ role: s.role, name, where: at })
    : METADATA.signatory({ role: s.role, name });
}

const lawLine = (law: LawCitation) =>
  law.article ? METADATA.article({ article: law.article, law: law.citation }) : law.citation;

function actLine(act: NonNullable<DocumentMetadata["approvingAct"]>): string {
  const at = where(act.source);
  const date = act.date ? formatDate(act.date) : null;
  if (date)
    return at
      ? METADATA.actDatedAt({ text: act.text, date, where: at })
      : METADATA.actDated({ text: act.text, date });
  return at ? METADATA.actAt({ text: act.text, where: at }) : act.text;
}

function periodLine(period: NonNullable<DocumentMetadata["period"]>): string {
  const years = period.from === period.to ? String(period.from) : `${period.from}–${period.to}`;
  const at = where(period.source);
  return at
    ? METADATA.yearAt({ years, text: period.text, where: at })
    : METADATA.year({ years, text: period.text });
}

export function metadataEntries(metadata: DocumentMetadata): MetadataEntry[] {
  const { chamber, signatories, signatureNotice: notice, approvingAct: act, period } = metadata;
  const noticeAt = notice ? where(notice.source) : null;
  return [
    { label: METADATA.chamber, lines: [chamberLine(chamber)] },
    {
      label: METADATA.signatories,
      lines: signatories.length > 0 ? signatories.map(signatoryLine) : [METADATA.notStatedPlural],
    },
    {
      label: METADATA.notice,
      lines: notice
        ? [
            noticeAt
              ? METADATA.noticeTextAt({ text: notice.text, where: noticeAt })
              : METADATA.noticeText({ text: notice.text }),
            notice.laws.length > 0
              ? METADATA.laws({ laws: notice.laws.map(lawLine).join(", ") })
              : METADATA.noLaws,
          ]
        : [METADATA.absent],
    },
    { label: METADATA.act, lines: [act ? actLine(act) : METADATA.notStated] },
    { label: METADATA.period, lines: [period ? periodLine(period) : METADATA.notStated] },
  ];
}
