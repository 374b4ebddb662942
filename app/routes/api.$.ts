import { apiError } from "~/http/api.server";

/** Any other /api/* address answers in the API's JSON error shape, not with an HTML page. */
function notFound() {
  return apiError(404, "not_found", "There is no API at this address.", {
    fix: { text: "Check the address: the API lives under /api/deploy, /api/env, /api/team, /api/tokens, /api/audit and /api/dashboard/stats." },
  });
}

export async function loader() {
  return notFound();
}

export async function action() {
  return notFound();
}
