import type { RoleName } from "~/tenancy/roles";
import { BADGE_LABELS, type DeployBadgeData } from "./badge";

// Replaced by the wizard's state machine (issue 3).
export async function deployBadge(_tenantId: string, _role: RoleName): Promise<DeployBadgeData> {
  return { state: "ACTION_REQUIRED", label: BADGE_LABELS.ACTION_REQUIRED, reason: "Not deployed yet", href: "/dashboard/deploy" };
}
