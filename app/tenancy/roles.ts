export const ROLES = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
export type RoleName = (typeof ROLES)[number];
export const MANAGER_ROLES: readonly RoleName[] = ["OWNER", "ADMIN"];

export function canManage(role: RoleName) {
  return MANAGER_ROLES.includes(role);
}

export const ROLE_LABELS: Record<RoleName, string> = { OWNER: "Owner", ADMIN: "Admin", MEMBER: "Member", VIEWER: "Viewer" };
