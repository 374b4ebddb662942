import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicStatus, statusBadgeSvg } from "~/deploy/monitor/public-status.server";
import { apiError, methodNotAllowed } from "~/http/api.server";

/** GET /status/:token/badge.svg — the public status as an SVG badge (404 when off or unknown). */
export async function loader({ params }: LoaderFunctionArgs) {
  const status = await publicStatus(params.token ?? "");
  if (!status) return apiError(404, "not_found", "There is no public status at this address (it may have been turned off).");
  return new Response(statusBadgeSvg(status.state as "up" | "degraded" | "down"), {
    headers: { "Content-Type": "image/svg+xml", "Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" },
  });
}

export async function action() {
  return methodNotAllowed(["GET"]);
}
