import type { SubmissionResult } from "@conform-to/react";
import { redirect } from "@remix-run/node";
import { DomainError, type DomainErrorCode } from "~/domain-error";
import { apiError } from "./api.server";

/**
 * The two faces of a DomainError. A route that calls the domain catches what it throws and hands it
 * to one of these; anything that is not a DomainError is rethrown (a bug, or an outage: the server's
 * error handling answers 500 and logs it).
 */
const STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  step_not_ready: 409,
  preflight_required: 409,
  verification_required: 409,
  confirmation_required: 409,
  rate_limited: 429,
};

export function statusOf(error: DomainError) {
  return STATUS[error.code];
}

function retryHeaders(error: DomainError): Record<string, string> {
  return error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : {};
}

/** For APIs: the JSON error shape with the matching status (and the field, the fix, Retry-After). */
export function apiErrorFrom(error: unknown): Response {
  if (!(error instanceof DomainError)) throw error;
  return apiError(statusOf(error), error.code, error.message, {
    ...(error.field ? { fields: { [error.field]: [error.message] } } : {}),
    ...(error.fix ? { fix: error.fix } : {}),
    headers: retryHeaders(error),
  });
}

/**
 * For pages, to throw: a step that is not ready sends the person to the step that is; everything
 * else renders the styled error page with the message (the root error boundary shows a 4xx's text).
 */
export function pageErrorFrom(error: unknown): Response {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === "step_not_ready" && error.fix?.href) return redirect(error.fix.href);
  return new Response(error.message, { status: statusOf(error), headers: retryHeaders(error) });
}

/** For page actions: the domain's work awaited, a refusal thrown as the page's answer (pageErrorFrom). */
export async function orPageError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw pageErrorFrom(error);
  }
}

/**
 * For page forms: the submission's reply with the error beside its field (or above the form), and
 * the status and headers to answer it with: `const { reply, init } = formErrorFrom(…); return data(reply, init)`.
 */
export function formErrorFrom(
  error: unknown,
  submission: { reply(options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }): SubmissionResult<string[]> },
  options: { hideFields?: string[]; headers?: Record<string, string> } = {},
) {
  if (!(error instanceof DomainError)) throw error;
  const errors = error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] };
  return {
    reply: submission.reply({ ...errors, hideFields: options.hideFields }),
    init: { status: statusOf(error), headers: { ...options.headers, ...retryHeaders(error) } },
  };
}
