import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, MAX_RECENT_SECRETS, registerSecretForScrubbing, scrubbedSecretCount, scrubSecrets } from "./logger.server";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger({ destination }), lines };
}

describe("logger", () => {
  it("logs an error passed as err with its kind, code and message, scrubbed", () => {
    const { logger, lines } = capture();
    registerSecretForScrubbing("s3cret-database-password");
    const error = Object.assign(new Error("connect to postgresql://app:s3cret-database-password@db.internal:5432/x failed"), { code: "ECONNREFUSED" });
    logger.error({ err: error }, "could not open the database");
    const err = lines[0]?.err as { type: string; code: string; message: string; stack: string };
    expect(err.type).toBe("Error");
    expect(err.code).toBe("ECONNREFUSED");
    expect(err.message).toContain("failed");
    expect(JSON.stringify(lines)).not.toContain("s3cret-database-password");
    expect(err.message).toContain("[REDACTED]");
  });

  it("redacts credential fields by path", () => {
    const { logger, lines } = capture();
    logger.info({ input: { password: "hunter2-hunter2", databaseUrl: "postgresql://u:p@h/d" } }, "input");
    expect(JSON.stringify(lines)).not.toContain("hunter2-hunter2");
    expect(JSON.stringify(lines)).not.toContain("u:p@h");
  });
});

describe("scrubSecrets", () => {
  it("scrubs every registered value and its URL-encoded form, the longest first", () => {
    registerSecretForScrubbing("short-secret");
    registerSecretForScrubbing("short-secret-and-longer/+=");
    expect(scrubSecrets("a short-secret-and-longer/+= b short-secret c short-secret-and-longer%2F%2B%3D")).toBe("a [REDACTED] b [REDACTED] c [REDACTED]");
    expect(scrubSecrets("regex characters are literal: short.secret")).toBe("regex characters are literal: short.secret");
  });

  it("keeps the process's own keys for good and only the most recent tenant values", () => {
    const own = "process-own-key-that-stays";
    registerSecretForScrubbing(own);
    const first = "tenant-secret-0000";
    registerSecretForScrubbing(first, { keep: "recent" });
    const before = scrubbedSecretCount();
    registerSecretForScrubbing(first, { keep: "recent" });
    registerSecretForScrubbing(own);
    expect(scrubbedSecretCount()).toBe(before); // registering again adds nothing
    for (let i = 1; i <= MAX_RECENT_SECRETS + 10; i++) registerSecretForScrubbing(`tenant-secret-${String(i).padStart(4, "0")}`, { keep: "recent" });
    const last = `tenant-secret-${String(MAX_RECENT_SECRETS + 10).padStart(4, "0")}`;
    expect(scrubSecrets(`${own} ${last} ${first}`)).toBe(`[REDACTED] [REDACTED] ${first}`);
    expect(scrubbedSecretCount()).toBe(before - 1 + MAX_RECENT_SECRETS);
  });

  it("costs a few microseconds a line with the recent list full", () => {
    for (let i = 0; i < MAX_RECENT_SECRETS; i++) registerSecretForScrubbing(randomBytes(32).toString("base64"), { keep: "recent" });
    const line = JSON.stringify({
      level: 30,
      time: Date.now(),
      msg: "request completed",
      req: { method: "GET", url: "/dashboard/deploy/secrets" },
      res: { statusCode: 200 },
    });
    scrubSecrets(line);
    const started = performance.now();
    for (let i = 0; i < 2000; i++) scrubSecrets(line);
    // About 4 µs a line here; the bound leaves room for a slow CI machine, not for a scan that grows with every tenant.
    const microsecondsPerLine = ((performance.now() - started) / 2000) * 1000;
    expect(microsecondsPerLine).toBeLessThan(50);
  });
});
