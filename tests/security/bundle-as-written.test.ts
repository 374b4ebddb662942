import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { flyImportValue } from "~/deploy/config/env-bundle";
import * as apiConfig from "~/routes/api.deploy.config";
import * as apiGenerate from "~/routes/api.env.generate";
import * as apiPreflight from "~/routes/api.deploy.preflight";
import * as apiVerify from "~/routes/api.deploy.verify";
import { useTestDatabase } from "../helpers/db";
import { parseDockerEnvFile, parseFlySecretsImport } from "../helpers/env-file-parsers";
import { tenantWithTeam, tokenFor } from "./helpers/fixtures";
import { createPlatformDatabase, POSTGRES_AVAILABLE, securityPort, startPlatform, type PlatformProcess } from "./helpers/platform";
import { callRoute, jsonBody, type RouteModule } from "./helpers/routes";

/**
 * The instance starts from the env bundle exactly as the wizard printed it, read the way the host's
 * tool reads it: Docker's --env-file, `fly secrets import`, and Node's own `--env-file` for a plain
 * Node host. Nothing else is given to it but what a host provides (PATH, PORT, HOST): no test
 * secret or default can stand in for a variable the bundle lacks. Verification must then pass,
 * hand-over included.
 */
describe("the hosts' env-file parsers", () => {
  it("docker: raw values after the first =, comments and blank lines skipped", () => {
    expect(parseDockerEnvFile('# a comment\nA=1\n\nB=x=y "quoted"\n')).toEqual({ A: "1", B: 'x=y "quoted"' });
  });

  it("fly: one pair of quotes removed, leading spaces trimmed, triple quotes span lines; the wizard's values read back as written", () => {
    expect(parseFlySecretsImport('A= "spaced"\nB="a"b"\n# c\nC="""one\ntwo"""\n')).toEqual({ A: "spaced", B: 'a"b', C: "one\ntwo" });
    for (const value of [" leading", '"quoted"', "multi\nline", "plain"]) expect(parseFlySecretsImport(`X=${flyImportValue(value)}\n`).X).toBe(value);
  });
});

describe.skipIf(!POSTGRES_AVAILABLE)("an instance started from the bundle as written", () => {
  useTestDatabase("postgres", { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "5000" });
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  async function goLiveFrom(provider: "DOCKER" | "FLY", start: (bundleText: string, port: number) => Promise<PlatformProcess>) {
    const team = await tenantWithTeam(`Bundle ${provider} Co`);
    const { token } = await tokenFor(team.people.OWNER.id, team.tenant.id);
    const call = (mod: RouteModule, method: string, pathname: string, body: unknown = {}) =>
      callRoute(mod, { method, path: pathname, ...jsonBody(body), headers: { ...jsonBody(body).headers, Authorization: `Bearer ${token}` } });
    const database = await createPlatformDatabase();
    cleanups.push(() => database.drop());
    const port = await securityPort(provider === "DOCKER" ? 4640 : 4645);
    const saved = await call(apiConfig, "PUT", "/api/deploy/config", { provider, appUrl: `http://127.0.0.1:${port}`, databaseUrl: database.url });
    expect(saved.status, saved.text).toBe(200);
    const generated = await call(apiGenerate, "POST", "/api/env/generate");
    expect(generated.status, generated.text).toBe(201);
    const bundle = (generated.body as { bundle: { format: string; text: string } }).bundle;
    expect(bundle.format).toBe(provider === "DOCKER" ? "docker-env-file" : "fly-secrets");

    const instance = await start(bundle.text, port);
    cleanups.push(() => instance.stop());
    const preflight = await call(apiPreflight, "POST", "/api/deploy/preflight");
    expect(preflight.body, preflight.text).toMatchObject({ run: { status: "passed" } });
    const verify = await call(apiVerify, "POST", "/api/deploy/verify");
    expect(verify.body, verify.text).toMatchObject({ run: { status: "passed" } });
    const checks = (verify.body as { run: { checks: { id: string; status: string }[] } }).run.checks;
    expect(checks.find((check) => check.id === "live.handover")?.status).toBe("pass");
    return { bundle, instance, team };
  }

  it("Docker: the .env file as docker run --env-file reads it", async () => {
    await goLiveFrom("DOCKER", (text, port) => startPlatform({ port, exactEnv: true, env: parseDockerEnvFile(text) }));
  });

  it("Fly.io: the import text as fly secrets import reads it", async () => {
    await goLiveFrom("FLY", (text, port) => startPlatform({ port, exactEnv: true, env: parseFlySecretsImport(text) }));
  });

  it("a plain Node host: the same .env file through node --env-file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "golive-bundle-"));
    const { instance } = await goLiveFrom("DOCKER", (text, port) => {
      writeFileSync(path.join(dir, ".env"), text, { mode: 0o600 });
      // The bundle gives NODE_ENV, APP_URL and the secrets; only the host's PATH, PORT and HOST come from outside.
      return startPlatform({ port, exactEnv: true, nodeArgs: [`--env-file=${path.join(dir, ".env")}`] });
    });
    const stats = await fetch(`${instance.url}/ready`);
    expect(stats.status).toBe(200);
  });
});
