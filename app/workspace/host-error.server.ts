import { apiError } from "~/http/api.server";

/**
 * An expected refusal from a host domain function (wrong role, unknown id, a rule that holds).
 * Pages show its message beside the form; APIs answer it in the one JSON error shape.
 */
export type HostErrorCode = "not_found" | "forbidden" | "conflict" | "invalid" | "rate_limited";

const STATUS: Record<HostErrorCode, number> = { not_found: 404, forbidden: 403, conflict: 409, invalid: 400, rate_limited: 429 };

export class HostError extends Error {
  override name = "HostError";
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status() {
    return STATUS[this.code];
  }
}

/** Turns a HostError into its JSON answer; anything else is rethrown (and becomes a 500). */
export function hostErrorToApi(error: unknown): Response {
  if (!(error instanceof HostError)) throw error;
  return apiError(error.status, error.code, error.message, {
    ...(error.field ? { fields: { [error.field]: [error.message] } } : {}),
    ...(error.retryAfterSeconds ? { headers: { "Retry-After": String(error.retryAfterSeconds) } } : {}),
  });
}
