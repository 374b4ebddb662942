import { createContext, useContext } from "react";
import { formatWhen } from "~/workspace/format";

/** The person's time zone (validated on the server), or null for UTC: provided by the dashboard layout. */
export const TimeZoneContext = createContext<string | null>(null);

/** A date in the person's time zone when known, otherwise in UTC (and it says which). */
export function When({ value, empty }: { value: Date | string | null | undefined; empty?: string }) {
  return <>{formatWhen(value, empty, useContext(TimeZoneContext))}</>;
}
