/** The shape every pre-flight and verification check returns (DESIGN §5). */
export type CheckStatus = "pass" | "warn" | "fail";
export type CheckResult = {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  fix: { text: string; href: string } | null;
  timingMs?: number;
  httpStatus?: number;
};

export function overallStatus(checks: CheckResult[]): "passed" | "failed" {
  return checks.some((check) => check.status === "fail") ? "failed" : "passed";
}
