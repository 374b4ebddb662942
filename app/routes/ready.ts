import { readiness } from "~/workspace/readiness.server";
import { jsonResponse, methodNotAllowed } from "~/http/api.server";

export async function loader() {
  const report = await readiness();
  return jsonResponse(report.body, report.httpStatus, new Headers({ "Content-Type": "application/health+json", "Cache-Control": "no-store" }));
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
