import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, methodNotAllowed, readJsonBody, validationError } from "~/http/api.server";
import { apiErrorFrom } from "~/http/domain-error.server";
import { TokenNameSchema } from "~/workspace/schemas";
import { createTokenFor, listTokens } from "~/workspace/tokens.server";
import { requireApiContext } from "~/tenancy/context.server";

/** GET /api/tokens: the caller's own tokens in this tenant. POST {name}: create one; the token is in this response only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireApiContext(request);
  return apiJson({ tokens: await listTokens(ctx) });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
  const ctx = await requireApiContext(request);
  const parsed = TokenNameSchema.strict().safeParse(await readJsonBody(request));
  if (!parsed.success) return validationError(parsed.error);
  try {
    const { token, row } = await createTokenFor(ctx, parsed.data.name);
    // apiJson always sends Cache-Control: no-store.
    return apiJson({ token, ...row, note: "Store this token now: it is not shown again." }, { status: 201 });
  } catch (error) {
    return apiErrorFrom(error);
  }
}
