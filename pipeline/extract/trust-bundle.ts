import * as pkijs from "pkijs";
import { InputError } from "../errors.js";
import { REFUSAL } from "../messages/refusals.js";

/**
 * A trust store as users export one: a PEM bundle of the certificates they trust (a chamber's CA,
 * the AgID list of qualified CAs converted to PEM). Read on the main thread before any document, so a
 * bad bundle is a usage error rather than a failure per document.
 */

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;

/** The DER of every certificate in the bundle; InputError when it holds none or one cannot be read. */
export function parseTrustBundle(pem: string): Uint8Array[] {
  const blocks = [...pem.matchAll(PEM_CERTIFICATE)].map((match) => match[1] ?? "");
  if (blocks.length === 0) throw new InputError(REFUSAL.trust.noCertificate);
  return blocks.map((body, index) => {
    const der = new Uint8Array(Buffer.from(body.replace(/\s+/g, ""), "base64"));
    try {
      pkijs.Certificate.fromBER(der);
    } catch {
      throw new InputError(REFUSAL.trust.unreadableCertificate({ index: index + 1 }));
    }
    return der;
  });
}
