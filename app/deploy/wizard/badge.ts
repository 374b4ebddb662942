export type DeployBadgeState = "LIVE" | "ACTION_REQUIRED" | "BLOCKED";
export type DeployBadgeData = { state: DeployBadgeState; label: string; reason: string; href: string };

export const BADGE_LABELS: Record<DeployBadgeState, string> = { LIVE: "LIVE", ACTION_REQUIRED: "ACTION REQUIRED", BLOCKED: "BLOCKED" };
