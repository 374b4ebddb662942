import { canManage, type RoleName } from "~/tenancy/roles";
import type { DeployBadgeData } from "./badge";
import { deployState } from "./config.server";
import { deployBadgeFor } from "./state";

export async function deployBadge(tenantId: string, role: RoleName): Promise<DeployBadgeData> {
  const state = await deployState(tenantId);
  return deployBadgeFor(state.facts, state.latest, canManage(role));
}
