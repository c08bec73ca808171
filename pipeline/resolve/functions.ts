/**
 * The four institutional functions of the chambers of commerce, as DPR 254/2005 (art. 9 and annex)
 * names them. Every annex's rotated band names one of them, often cut by the rotation
 * ("…ISTITUZIONALE A Istituzionali e Segreteria Generale"); the band's words are then completed from
 * this list, and the report says so. This is the law's vocabulary, not any annex's content.
 */
export const INSTITUTIONAL_FUNCTIONS: Readonly<Record<string, string>> = {
  A: "Organi istituzionali e segreteria generale",
  B: "Servizi di supporto",
  C: "Anagrafe e servizi di regolazione del mercato",
  D: "Studio, formazione, informazione e promozione economica",
};
