import { db } from "~/db/client.server";
import { getEnv } from "~/env.server";
import type { Resolver } from "~/deploy/checks/net/address-policy.server";
import { databaseHints, PRIVATE_CHOICE } from "~/deploy/config/database-hints";
import { databaseTarget, parseDatabaseUrl } from "~/deploy/config/database-url";
import { deployState, saveDatabaseUrl } from "~/deploy/config/deploy-config.server";
import { isProviderId } from "~/deploy/config/providers";
import type { TenantContext } from "~/tenancy/context.server";
import { probeDatabase } from "./database-probe.server";
import { describeDatabaseProbe } from "./preflight.server";

/**
 * Step C, page and PUT /api/deploy/config alike: a well-formed database URL is saved, then tested
 * at once with pre-flight's own probe (bounded by DEPLOY_CHECK_TIMEOUT_MS), and the outcome, with
 * its fix and the host's usual pitfalls, is kept on the row for the page to show. A failed test
 * does not undo the save. A database "only reachable from my host" is not probed from here: the
 * live app's /ready checks it from inside at verification.
 */
export type DatabaseCheck = {
  status: "pass" | "warn" | "fail" | "private";
  detail: string;
  fix: string | null;
  hints: string[];
  target: string;
  testedAt: string;
};

export type DatabaseSaveDeps = { probe?: typeof probeDatabase; resolver?: Resolver };

export function isDatabaseCheck(value: unknown): value is DatabaseCheck {
  return (
    typeof value === "object" && value !== null && typeof (value as DatabaseCheck).status === "string" && typeof (value as DatabaseCheck).detail === "string"
  );
}

export async function saveAndTestDatabase(
  ctx: Pick<TenantContext, "tenant" | "user" | "origin">,
  input: { canonical: string; masked: string },
  options: { privateOnly: boolean },
  deps: DatabaseSaveDeps = {},
): Promise<DatabaseCheck> {
  await saveDatabaseUrl(ctx, input, { privateOnly: options.privateOnly });
  const parsed = parseDatabaseUrl(input.canonical);
  if (!parsed.ok) throw new Error("a saved database URL is well-formed");
  const target = databaseTarget(parsed.value);
  const testedAt = new Date().toISOString();
  let check: DatabaseCheck;
  if (options.privateOnly) {
    check = {
      status: "private",
      detail: "Saved, not tested from here: you said only your host can reach this database. Verification checks it from inside your app (its /ready).",
      fix: null,
      hints: [],
      target,
      testedAt,
    };
  } else {
    const env = getEnv();
    const result = await (deps.probe ?? probeDatabase)(parsed.value, {
      timeoutMs: env.checkTimeoutMs,
      policy: { allowLoopback: env.allowLocalTargets },
      resolver: deps.resolver,
    });
    const described = describeDatabaseProbe(result, parsed.value);
    const provider = (await deployState(ctx.tenant.id)).row.provider;
    const hints = result.ok ? [] : databaseHints(provider && isProviderId(provider) ? provider : null, parsed.value.host);
    // An address this platform may not call, or a name only a private network knows: the private choice is the other way out.
    if (!result.ok && (result.kind === "blocked" || result.kind === "dns") && !hints.includes(PRIVATE_CHOICE)) hints.push(PRIVATE_CHOICE);
    check = {
      status: described.status === "pass" ? "pass" : described.status === "warn" ? "warn" : "fail",
      detail: described.detail,
      fix: described.fix?.text ?? null,
      hints,
      target,
      testedAt,
    };
  }
  await db().deployConfig.update({ where: { tenantId: ctx.tenant.id }, data: { dbCheck: check } });
  return check;
}
