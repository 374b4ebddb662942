import { describe, expect, it } from "vitest";
import type { CheckResult } from "~/deploy/checks/check-result";
import { blockingStep, deployBadgeFor, deployProgress, type ConfigFacts, type RunFacts } from "./state";

const complete: ConfigFacts = {
  status: "configured",
  revision: 5,
  provider: "RENDER",
  appUrl: "https://a.onrender.com",
  hasDatabaseUrl: true,
  hasSecrets: true,
  missingModuleKeys: [],
};
const failing: CheckResult = {
  id: "database.reachable",
  title: "Database reachable",
  status: "fail",
  detail: "refused",
  fix: { text: "fix", href: "/dashboard/deploy/database" },
};
const run = (status: "passed" | "failed", configRevision = 5, checks: CheckResult[] = [], finishedAt = "2026-11-27T10:00:00.000Z"): RunFacts => ({
  id: `r-${status}-${configRevision}`,
  status,
  configRevision,
  checks,
  finishedAt,
});
const none = { preflight: null, verify: null };

describe("deployProgress", () => {
  it("marks nothing done on an empty configuration and points at the provider", () => {
    const empty: ConfigFacts = { ...complete, status: "draft", provider: null, appUrl: null, hasDatabaseUrl: false, hasSecrets: false };
    const progress = deployProgress(empty, none);
    expect(progress.firstIncomplete).toBe("provider");
    expect(progress.setupComplete).toBe(false);
  });

  it("counts a run only for the revision it ran against", () => {
    const progress = deployProgress(complete, { preflight: run("passed", 4), verify: run("passed", 5) });
    expect(progress.done.preflight).toBe(false);
    expect(progress.stale.preflight).toBe(true);
    expect(progress.done.verify).toBe(true);
    expect(progress.firstIncomplete).toBe("preflight");
  });

  it("keeps the keys step open while an enabled module lacks its key", () => {
    const progress = deployProgress({ ...complete, missingModuleKeys: ["OPENAI_API_KEY"] }, none);
    expect(progress.done.keys).toBe(false);
    expect(progress.firstIncomplete).toBe("keys");
  });
});

describe("blockingStep", () => {
  it("sends each step to the earliest unfinished prerequisite", () => {
    const progress = deployProgress({ ...complete, appUrl: null, hasDatabaseUrl: false }, none);
    expect(blockingStep("provider", progress)).toBeNull();
    expect(blockingStep("url", progress)).toBeNull();
    expect(blockingStep("database", progress)).toBe("url");
    expect(blockingStep("live", progress)).toBe("url");
  });

  it("opens verify only after a current passing pre-flight, and live only after a current verification", () => {
    expect(blockingStep("verify", deployProgress(complete, { preflight: run("failed"), verify: null }))).toBe("preflight");
    expect(blockingStep("verify", deployProgress(complete, { preflight: run("passed"), verify: null }))).toBeNull();
    expect(blockingStep("live", deployProgress(complete, { preflight: run("passed"), verify: run("passed", 4) }))).toBe("verify");
  });
});

describe("deployBadgeFor", () => {
  it("is ACTION REQUIRED and links to the next step before anything ran", () => {
    const badge = deployBadgeFor({ ...complete, hasSecrets: false }, none, true);
    expect(badge).toMatchObject({ state: "ACTION_REQUIRED", label: "ACTION REQUIRED", href: "/dashboard/deploy/secrets" });
  });

  it("is BLOCKED by a current failed run and links to the failing check", () => {
    const badge = deployBadgeFor(complete, { preflight: run("failed", 5, [failing]), verify: null }, true);
    expect(badge).toMatchObject({ state: "BLOCKED", href: "/dashboard/deploy/preflight#check-database.reachable" });
    expect(badge.reason).toContain("Database reachable");
  });

  it("is BLOCKED by the most recent failure when both kinds failed", () => {
    const badge = deployBadgeFor(
      complete,
      {
        preflight: run("failed", 5, [failing], "2026-11-27T09:00:00.000Z"),
        verify: run("failed", 5, [{ ...failing, id: "live.stats", title: "Stats" }], "2026-11-27T10:00:00.000Z"),
      },
      true,
    );
    expect(badge.href).toBe("/dashboard/deploy/verify#check-live.stats");
  });

  it("asks for a re-check, not BLOCKED, when the failure is for an older configuration", () => {
    const badge = deployBadgeFor(complete, { preflight: run("failed", 4, [failing]), verify: null }, true);
    expect(badge.state).toBe("ACTION_REQUIRED");
    expect(badge.reason).toMatch(/changed/);
  });

  it("is LIVE only when live and the latest verification passed for this revision", () => {
    expect(deployBadgeFor({ ...complete, status: "live" }, { preflight: run("passed"), verify: run("passed") }, true).state).toBe("LIVE");
    expect(deployBadgeFor({ ...complete, status: "configured" }, { preflight: run("passed"), verify: run("passed") }, true).state).toBe("ACTION_REQUIRED");
  });

  it("links members and viewers to the dashboard, not to the wizard they cannot open", () => {
    expect(deployBadgeFor(complete, none, false).href).toBe("/dashboard#deploy-status");
  });
});
