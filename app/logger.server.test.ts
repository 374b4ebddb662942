import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, registerSecretForScrubbing } from "./logger.server";

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
