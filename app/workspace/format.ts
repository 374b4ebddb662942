/** Dates as the server renders them: the same text on the server and in the browser (no locale, no time zone drift). */
export function formatWhen(value: Date | string | null | undefined, empty = "never") {
  if (!value) return empty;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return empty;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function isoString(value: Date | string) {
  return new Date(value).toISOString();
}
