import { readiness } from "~/host/readiness.server";

export async function loader() {
  const report = await readiness();
  return Response.json(report.body, {
    status: report.httpStatus,
    headers: { "Content-Type": "application/health+json", "Cache-Control": "no-store" },
  });
}
