import { describe, expect, it } from "vitest";
import { normaliseAppUrl } from "./app-url";
import { isProviderId, PROVIDER_GUIDES, PROVIDERS, providerGuide, type ProviderId } from "./providers";
import { WIZARD_STEP_IDS } from "~/deploy/wizard/steps";

const hostOf = (url: string) => new URL(url).hostname;
/** The urlShape with its <placeholder> filled in, as a person would. */
const fromShape = (shape: string) => shape.replace(/<[^>]+>/g, "my-app");

describe("provider catalogue", () => {
  it("has one guide per provider, keyed by its own id", () => {
    expect(Object.keys(PROVIDER_GUIDES).sort()).toEqual([...PROVIDERS].sort());
    for (const id of PROVIDERS) {
      expect(providerGuide(id).id).toBe(id);
      expect(providerGuide(id).name.length).toBeGreaterThan(0);
      expect(providerGuide(id).tagline.length).toBeGreaterThan(0);
      expect(providerGuide(id).envVarsWhere.length).toBeGreaterThan(0);
      expect(providerGuide(id).postgresOffer.length).toBeGreaterThan(0);
      expect(providerGuide(id).commonPitfalls.length).toBeGreaterThanOrEqual(3);
    }
    expect(PROVIDERS.map((id) => providerGuide(id).name)).toEqual(["Replit", "Render", "Railway", "Fly.io", "Docker"]);
  });

  it.each(PROVIDERS)("%s has how-to lines for every wizard step", (id) => {
    for (const step of WIZARD_STEP_IDS) {
      const lines = providerGuide(id).how[step];
      expect(lines, `${id} ${step}`).toBeDefined();
      expect(lines!.length, `${id} ${step}`).toBeGreaterThan(0);
      for (const line of lines!) expect(line.trim().length, `${id} ${step}`).toBeGreaterThan(10);
    }
  });

  it("maps each provider to its bundle format", () => {
    const formats = Object.fromEntries(PROVIDERS.map((id) => [id, providerGuide(id).bundle.format]));
    expect(formats).toEqual({ REPLIT: "name-value", RENDER: "dotenv-bulk", RAILWAY: "dotenv-bulk", FLY: "fly-secrets", DOCKER: "docker-env-file" });
  });

  it("names each host's own place for env vars and its database trap", () => {
    expect(providerGuide("RENDER").envVarsWhere).toContain("Add from .env");
    expect(providerGuide("RENDER").postgresOffer).toMatch(/External Database URL/);
    expect(providerGuide("RAILWAY").envVarsWhere).toContain("RAW Editor");
    expect(providerGuide("RAILWAY").commonPitfalls.join(" ")).toContain("${{Postgres.DATABASE_URL}}");
    expect(providerGuide("FLY").envVarsWhere).toContain("fly secrets import");
    expect(providerGuide("FLY").commonPitfalls.join(" ")).toMatch(/flycast/);
    expect(providerGuide("REPLIT").envVarsWhere).toContain("Secrets");
    expect(providerGuide("DOCKER").envVarsWhere).toContain("--env-file");
  });
});

describe("usual URL shapes", () => {
  const withPattern = PROVIDERS.filter((id) => providerGuide(id).urlHostPattern !== null);

  it("only Docker accepts any host", () => {
    expect(PROVIDERS.filter((id) => providerGuide(id).urlHostPattern === null)).toEqual(["DOCKER"]);
  });

  it.each(withPattern)("%s's pattern matches its own example and shape", (id) => {
    const guide = providerGuide(id);
    expect(guide.urlHostPattern!.flags).not.toMatch(/[gy]/);
    expect(guide.urlHostPattern!.test(hostOf(guide.urlExample))).toBe(true);
    expect(guide.urlHostPattern!.test(hostOf(fromShape(guide.urlShape)))).toBe(true);
  });

  it.each(withPattern)("%s's pattern matches no other provider's addresses", (id) => {
    const pattern = providerGuide(id).urlHostPattern!;
    for (const other of PROVIDERS.filter((o) => o !== id)) {
      expect(pattern.test(hostOf(providerGuide(other).urlExample)), `${id} vs ${other}`).toBe(false);
      expect(pattern.test(hostOf(fromShape(providerGuide(other).urlShape))), `${id} vs ${other}`).toBe(false);
    }
  });

  it("does not take look-alike or bare domains for a provider's own", () => {
    const cases: [ProviderId, string][] = [
      ["RENDER", "onrender.com"],
      ["RENDER", "my-app.onrender.com.evil.example"],
      ["RENDER", "my-app-onrender.com"],
      ["REPLIT", "my-app.replit.dev"],
      ["RAILWAY", "my-app.railway.app"],
      ["RAILWAY", "postgres.railway.internal"],
      ["FLY", "my-app.flycast"],
      ["FLY", "my-app.internal"],
      ["FLY", "a.b.fly.dev"],
    ];
    for (const [id, host] of cases) expect(providerGuide(id).urlHostPattern!.test(host), `${id} ${host}`).toBe(false);
  });

  it("drives the live URL step's warning", () => {
    const onRender = normaliseAppUrl("https://My-App.onrender.com/", { allowLocalHttp: false, provider: "RENDER" });
    expect(onRender).toEqual({ ok: true, url: "https://my-app.onrender.com", warnings: [] });
    const elsewhere = normaliseAppUrl("https://my-app.onrender.com", { allowLocalHttp: false, provider: "FLY" });
    expect(elsewhere.ok && elsewhere.warnings[0]).toMatch(/does not look like a Fly\.io address \(usually https:\/\/<app-name>\.fly\.dev\)/);
    const docker = normaliseAppUrl("https://app.example.com", { allowLocalHttp: false, provider: "DOCKER" });
    expect(docker.ok && docker.warnings).toEqual([]);
  });
});

describe("isProviderId", () => {
  it("accepts exactly the five ids", () => {
    for (const id of PROVIDERS) expect(isProviderId(id)).toBe(true);
    for (const value of ["render", "HEROKU", "", null, undefined, 3, { id: "FLY" }, ["FLY"]]) expect(isProviderId(value)).toBe(false);
  });
});
