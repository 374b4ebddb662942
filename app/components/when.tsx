import { useRouteLoaderData } from "@remix-run/react";
import { formatWhen } from "~/workspace/format";

/**
 * A date in the person's time zone when their browser told it (the dashboard layout's loader reads
 * and validates the `tz` cookie), otherwise in UTC, and it says which. Read from the layout's data,
 * not a context, so the layout's own script stays as small as it was.
 */
export function When({ value, empty }: { value: Date | string | null | undefined; empty?: string }) {
  const layout = useRouteLoaderData("routes/dashboard") as { timeZone?: string | null } | undefined;
  return <>{formatWhen(value, empty, layout?.timeZone ?? null)}</>;
}
