import { template } from "./template.js";

/** What the reports say the document says of itself ("Documento"): one entry per piece of metadata. */
export const METADATA = {
  chamber: "Camera di commercio",
  signatories: "Firmatari",
  notice: "Nota di firma",
  act: "Atto di approvazione",
  period: "Anno",
  entry: template("{label}: {lines}"),

  chamberFrom: {
    title: "dal titolo",
    notice: "dalla nota di firma",
    "signature-block": "dal blocco delle firme",
    "signer-certificate": "dall'organizzazione nel certificato del firmatario; il testo non la nomina",
  },
  chamberRead: template("{name} ({from})"),
  chamberReadAt: template("{name} ({from}, {where})"),
  notStatedFeminine: "non indicata nel documento",
  notStated: "non indicato nel documento",
  notStatedPlural: "non indicati nel documento",
  absent: "non presente",
  nameNotPrinted: "nome non stampato",
  signatory: template("{role}: {name}"),
  signatoryAt: template("{role}: {name} ({where})"),
  noticeText: template("«{text}»"),
  noticeTextAt: template("«{text}» ({where})"),
  laws: template("norme citate: {laws}"),
  noLaws: "nessuna norma citata con numero e anno",
  article: template("art. {article} {law}"),
  actDated: template("{text} (data {date})"),
  actAt: template("{text} ({where})"),
  actDatedAt: template("{text} (data {date}, {where})"),
  year: template("{years} («{text}»)"),
  yearAt: template("{years} («{text}», {where})"),
};
