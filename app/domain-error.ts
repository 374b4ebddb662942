/**
 * The one way the domain refuses something: wrong role, unknown id, a rule that holds, a step not
 * ready, a spent limit. It carries what a person needs (a message, the field it concerns, a fix
 * with a link) and nothing about HTTP: app/http/domain-error.server.ts turns it into a page's answer
 * or the API's JSON error, and the route chooses which. A failure of something outside (the
 * tenant's database, the live URL) is not a DomainError but a check result.
 */
export type DomainErrorCode =
  | "invalid"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "rate_limited"
  | "step_not_ready"
  | "preflight_required"
  | "verification_required"
  | "confirmation_required";

export type Fix = { text: string; href?: string };

export class DomainError extends Error {
  override name = "DomainError";
  readonly field?: string;
  readonly fix?: Fix;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    details: { field?: string; fix?: Fix; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.field = details.field;
    this.fix = details.fix;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}
