import { describe, expect, it } from "vitest";
import { chamberKey, chamberOf, versionOf } from "../pipeline/corpus/identity.js";
import { InputError } from "../pipeline/errors.js";
import { CORPUS } from "../pipeline/messages/corpus.js";
import type { DocumentInfo, Signer } from "../pipeline/schema/hierarchy.js";
import type { ApprovingAct, Chamber, Period } from "../pipeline/schema/metadata.js";

/** Whose annex and which version (pipeline/corpus/identity.ts), from metadata written out by hand. */

const provenance = { source: { page: 1, line: 2, bbox: null }, rule: "test", why: "written by the test" };

function documentWith(
  metadata: { chamber?: Chamber; period?: Period; approvingAct?: ApprovingAct },
  signingTime: string | null = null,
): DocumentInfo {
  const signer: Signer = {
    subject: "CN=Mario Rossi",
    signingTime,
    signingTimeLocal: null,
    commonName: "Mario Rossi",
    organization: null,
    serialNumber: null,
    issuer: null,
    notBefore: null,
    notAfter: null,
    trusted: null,
    role: "signer",
  };
  return {
    file: "annex.pdf",
    sha256: "0".repeat(64),
    format: "pdf",
    pages: 1,
    title: null,
    signature:
      signingTime === null
        ? null
        : {
            format: "CAdES",
            valid: true,
            signers: [signer],
            intact: true,
            coversWholeDocument: true,
            trusted: null,
            findings: [],
          },
    metadata: {
      chamber: metadata.chamber ?? null,
      signatories: [],
      signatureNotice: null,
      approvingAct: metadata.approvingAct ?? null,
      period: metadata.period ?? null,
    },
  };
}

const chamber = (name: string, place: string | null): Chamber => ({
  name,
  place,
  from: "notice",
  ...provenance,
});
const period = (from: number, to: number): Period => ({ text: `${from}`, from, to, ...provenance });
const act = (date: string | null): ApprovingAct => ({
  text: "Deliberazione n. 3",
  kind: "Deliberazione",
  body: null,
  number: "3",
  date,
  dateText: date,
  ...provenance,
});

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error("not refused");
};

describe("the chamber", () => {
  it("is keyed by its place however the name prints it, accents and spacing aside", () => {
    expect(chamberKey("Forlì-Cesena")).toBe("forli-cesena");
    expect(chamberKey("Massa  Carrara")).toBe(chamberKey("Massa-Carrara"));
    const printed = chamberOf(documentWith({ chamber: chamber("CCIAA di Borgo Alto", "Borgo Alto") }), null);
    expect(printed).toEqual({ key: "borgo-alto", name: "CCIAA di Borgo Alto", from: "notice" });
  });

  it("comes from --chamber only for a document that names none, as a name or a place", () => {
    const unnamed = documentWith({});
    expect(chamberOf(unnamed, "Camera di commercio di Borgo Alto").key).toBe("borgo-alto");
    expect(chamberOf(unnamed, "Borgo Alto")).toEqual({
      key: "borgo-alto",
      name: "Borgo Alto",
      from: "option",
    });
    expect(refusal(() => chamberOf(unnamed, null))).toBe(CORPUS.noChamber);
    const named = documentWith({ chamber: chamber("CCIAA di Borgo Alto", "Borgo Alto") });
    expect(chamberOf(named, "CCIAA di Borgo Alto").from).toBe("notice");
    expect(refusal(() => chamberOf(named, "Valle Serena"))).toMatch(
      /nomina «CCIAA di Borgo Alto».*non «Valle Serena»/,
    );
  });
});

describe("the version", () => {
  it("is the period, else the act's date, else the signing day in Italy, saying which", () => {
    const signed = "2024-12-31T23:30:00Z"; // already 1 January in Rome
    expect(
      versionOf(documentWith({ period: period(2025, 2027), approvingAct: act("2024-11-03") }, signed), null),
    ).toEqual({
      label: "2025-2027",
      basis: "period",
      sortKey: "2025-01-01",
    });
    expect(versionOf(documentWith({ approvingAct: act("2024-11-03") }, signed), null)).toEqual({
      label: "2024-11-03",
      basis: "approving-act",
      sortKey: "2024-11-03",
    });
    expect(versionOf(documentWith({ approvingAct: act(null) }, signed), null)).toEqual({
      label: "2025-01-01",
      basis: "signing-date",
      sortKey: "2025-01-01",
    });
  });

  it("comes from --version only for a document that gives none, as a year or a date", () => {
    const undated = documentWith({});
    expect(versionOf(undated, "2025")).toEqual({ label: "2025", basis: "option", sortKey: "2025-01-01" });
    expect(versionOf(undated, "2025-03-03").basis).toBe("option");
    expect(refusal(() => versionOf(undated, null))).toMatch(
      /indicarne la versione con --corpus-version <anno>$/,
    );
    expect(refusal(() => versionOf(undated, "l'anno scorso"))).toMatch(/non è né un anno .* né una data/);
    expect(refusal(() => versionOf(undated, "2025-02-30"))).toMatch(/non è né un anno .* né una data/);
    expect(refusal(() => versionOf(documentWith({ period: period(2025, 2025) }), "2024"))).toMatch(
      /si data 2025 \(period\), non 2024/,
    );
    expect(versionOf(documentWith({ period: period(2025, 2025) }), "2025").basis).toBe("period");
  });
});
