import { mkdirSync, readdirSync, rmSync } from "node:fs";

/** Marks the start of this run for the log scan, and forgets secrets recorded by earlier runs. */
export default async function markRunStart() {
  mkdirSync(".tmp", { recursive: true });
  for (const file of readdirSync(".tmp").filter((name) => /^e2e-secrets-.*\.json$/.test(name))) rmSync(`.tmp/${file}`);
  process.env.E2E_RUN_STARTED_AT = String(Date.now() - 1000);
}
