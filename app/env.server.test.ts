import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EnvError, isLoopbackOrigin, parseEnv } from "./env.server";

const root = mkdtempSync(path.join(tmpdir(), "golive-env-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SECRETS = {
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
  SESSION_SECRET: Buffer.alloc(32, 2).toString("base64"),
  JWT_SECRET: Buffer.alloc(32, 3).toString("base64"),
};
const DATABASE_URL = "postgresql://app:pw@db.example.com/app";
let dirs = 0;
const dataDir = () => path.join(root, `d${dirs++}`);

describe("the demo seed runs only on a loopback APP_URL", () => {
  // [APP_URL (undefined = unset), SEED_DEMO, DATABASE_URL set?, expected: seeds | no seed | refused]
  const table: [string | undefined, "true" | "false" | undefined, boolean, "seeds" | "no seed" | "refused"][] = [
    // `npm start`: APP_URL unset means http://localhost:PORT.
    [undefined, undefined, false, "seeds"],
    ["http://localhost:3000", undefined, false, "seeds"],
    ["http://LOCALHOST:3000", undefined, false, "seeds"],
    ["http://127.0.0.1:4310", undefined, false, "seeds"],
    ["http://127.8.9.10", undefined, false, "seeds"],
    ["http://[::1]:3000", undefined, false, "seeds"],
    ["http://[::ffff:127.0.0.1]:3000", undefined, false, "seeds"],
    ["http://2130706433:3000", undefined, false, "seeds"], // the URL parser makes it 127.0.0.1
    ["http://127.0.0.1:4310", "true", true, "seeds"],
    ["http://127.0.0.1:4310", "false", false, "no seed"],
    // A public APP_URL: refused when the seed would run, by default or on request.
    ["https://golive.example.com", undefined, false, "refused"],
    ["https://golive.example.com", "true", false, "refused"],
    ["https://golive.example.com", "true", true, "refused"],
    ["http://10.0.0.5:3000", undefined, false, "refused"],
    ["http://192.168.1.20", undefined, false, "refused"],
    ["http://0.0.0.0:3000", undefined, false, "refused"],
    ["http://[::]:3000", undefined, false, "refused"],
    ["http://localhost.example.com", undefined, false, "refused"],
    ["http://app.localhost", undefined, false, "refused"],
    ["http://127.0.0.1.nip.io", undefined, false, "refused"],
    // Without the seed nothing is refused.
    ["https://golive.example.com", "false", false, "no seed"],
    ["https://golive.example.com", undefined, true, "no seed"],
    ["https://golive.example.com", "false", true, "no seed"],
  ];

  it.each(table)("APP_URL %s, SEED_DEMO %s, DATABASE_URL set: %s → %s", (appUrl, seed, external, expected) => {
    const dir = dataDir();
    const source = { NODE_ENV: "production", DATA_DIR: dir, APP_URL: appUrl, SEED_DEMO: seed, ...(external ? { DATABASE_URL, ...SECRETS } : {}) };
    if (expected === "refused") {
      let thrown: unknown;
      try {
        parseEnv(source);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(EnvError);
      expect((thrown as EnvError).problems).toEqual([expect.stringMatching(/^SEED_DEMO: .*published password.*set SEED_DEMO=false\.$/i)]);
      expect((thrown as EnvError).message).toContain(appUrl);
      // Refused before anything is written: no DATA_DIR, no secrets.
      expect(existsSync(dir)).toBe(false);
    } else {
      expect(parseEnv(source).seedDemo).toBe(expected === "seeds");
    }
  });
});

describe("isLoopbackOrigin", () => {
  it.each([
    ["http://localhost:1", true],
    ["http://127.0.0.1", true],
    ["http://127.255.255.254:9", true],
    ["http://[::1]", true],
    ["http://[0:0:0:0:0:0:0:1]", true],
    ["http://0x7f.1", true],
    ["http://128.0.0.1", false],
    ["http://[::2]", false],
    ["http://[fe80::1]", false],
    ["https://example.com", false],
    ["not a url", false],
  ])("%s → %s", (origin, loopback) => {
    expect(isLoopbackOrigin(origin)).toBe(loopback);
  });
});

describe("the environment's secrets are kept out of the logs", () => {
  it("scrubs the passwords of DATABASE_URL and SMTP_URL on their own, not only the whole URL", async () => {
    const { loadEnv } = await import("./env.server");
    const { scrubSecrets } = await import("./logger.server");
    loadEnv({
      NODE_ENV: "production",
      DATA_DIR: dataDir(),
      APP_URL: "https://golive.example.com",
      DATABASE_URL: "postgresql://app:database-pass-4711@db.example.com/app",
      SMTP_URL: "smtp://alerts:smtp-pass-0815x@mail.example.com:587",
      ...SECRETS,
    });
    const line = scrubSecrets("535 auth failed for alerts with smtp-pass-0815x; db said database-pass-4711");
    expect(line).not.toContain("smtp-pass-0815x");
    expect(line).not.toContain("database-pass-4711");
    expect(line).toContain("535 auth failed for alerts");
  });
});
