import { getEnv } from "~/env.server";
import { apiError } from "~/http/api.server";

/**
 * The Deploy Wizard exists on the platform only. A workspace's own instance (GOLIVE_MODE=instance)
 * is the deployed app: every wizard page and API route answers 404 there, before anything else.
 */
export function deployWizardAvailable() {
  return getEnv().mode !== "instance";
}

/** For wizard pages: a 404 page on an instance. */
export function requireDeployWizardPage() {
  if (!deployWizardAvailable()) throw new Response("There is no Deploy Wizard here: this is the workspace's own instance.", { status: 404 });
}

/** For wizard API routes: the JSON 404 on an instance. */
export function requireDeployWizardApi() {
  if (!deployWizardAvailable()) throw apiError(404, "not_found", "There is no Deploy Wizard here: this is the workspace's own instance, the deployed app.");
}
