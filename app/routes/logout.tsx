import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOutAndRedirect } from "~/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  return signOutAndRedirect(request);
}

export async function loader() {
  return redirect("/dashboard");
}
