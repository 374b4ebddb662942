/**
 * Dates as the server renders them: the same text on the server and in the browser (no locale drift).
 * In the person's time zone when their browser told it (a validated IANA name, from the `tz`
 * cookie), named after the time; otherwise in UTC, saying so.
 */
export function formatWhen(value: Date | string | null | undefined, empty = "never", timeZone?: string | null) {
  if (!value) return empty;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return empty;
  if (timeZone && !/^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)$/.test(timeZone) && validTimeZone(timeZone)) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${timeZone.replace(/_/g, " ")}`;
  }
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

let zones: Set<string> | undefined;

/** An IANA zone this runtime knows (Intl's own list), or null: never a value taken on trust. */
export function validTimeZone(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return null;
  zones ??= new Set(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);
  return zones.has(value) || value === "UTC" ? value : null;
}

/** The `tz` cookie the page's tiny inline script sets (TIME_ZONE_SCRIPT), validated. */
export function timeZoneFromCookie(cookieHeader: string | null): string | null {
  const match = /(?:^|;\s*)tz=([^;]*)/.exec(cookieHeader ?? "");
  if (!match) return null;
  try {
    return validTimeZone(decodeURIComponent(match[1]!));
  } catch {
    return null;
  }
}

/** Sets `tz` to the browser's zone (a year, this site only); without JavaScript dates stay in UTC. */
export const TIME_ZONE_SCRIPT =
  'try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z&&document.cookie.indexOf("tz="+encodeURIComponent(z))<0)document.cookie="tz="+encodeURIComponent(z)+";path=/;max-age=31536000;samesite=lax"}catch(e){}';

export function isoString(value: Date | string) {
  return new Date(value).toISOString();
}

/** A sentence from a reason that may already end with one: one full stop, never two. */
export function withFullStop(text: string) {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
