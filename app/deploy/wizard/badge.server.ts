import type { AppLoadContext } from "@remix-run/node";
import { canManage, type RoleName } from "~/tenancy/roles";
import type { DeployBadgeData } from "./badge";
import { deployStateFor } from "~/deploy/config/deploy-config.server";
import { deployBadgeFor } from "./state";

export async function deployBadge(context: AppLoadContext, tenantId: string, role: RoleName): Promise<DeployBadgeData> {
  const state = await deployStateFor(context, tenantId);
  return deployBadgeFor(state.facts, state.latest, canManage(role));
}
