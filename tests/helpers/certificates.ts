import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type TestCertificate = { key: string; cert: string };

/**
 * A self-signed certificate made with openssl for loopback TLS servers in tests. Passing `cert` as
 * a client's `ca` makes it trusted; leaving it out makes it untrusted. `expired` back-dates it.
 */
export function makeCertificate(options: { commonName?: string; altNames?: string[]; days?: number; expired?: boolean } = {}): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), "golive-cert-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    const altNames = options.altNames ?? ["DNS:localhost", "IP:127.0.0.1"];
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-subj",
        `/O=Go-Live Test/CN=${options.commonName ?? "localhost"}`,
        "-addext",
        `subjectAltName=${altNames.join(",")}`,
        "-days",
        String(options.days ?? 30),
      ],
      { stdio: "pipe" },
    );
    if (options.expired) {
      // Re-sign with a validity that ended yesterday.
      const expiredFile = path.join(dir, "expired.pem");
      execFileSync("openssl", ["x509", "-in", certFile, "-signkey", keyFile, "-days", "-1", "-out", expiredFile], { stdio: "pipe" });
      return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(expiredFile, "utf8") };
    }
    return { key: readFileSync(keyFile, "utf8"), cert: readFileSync(certFile, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
