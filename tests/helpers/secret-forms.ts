/** The forms a value can take on its way out: as is, URL-encoded, base64/base64url of its text, and of its bytes when it is key material. */
export function encodings(value: string): Record<string, string> {
  const forms: Record<string, string> = {
    exact: value,
    "URL-encoded": encodeURIComponent(value),
    "form-encoded": new URLSearchParams({ v: value }).toString().slice(2),
    "base64 of the text": Buffer.from(value).toString("base64").replace(/=+$/, ""),
    "base64url of the text": Buffer.from(value).toString("base64url"),
    "JSON-escaped": JSON.stringify(value).slice(1, -1),
  };
  const bytes = Buffer.from(value, "base64");
  if (/^[A-Za-z0-9+/]+=*$/.test(value) && bytes.length >= 16) {
    forms["base64url of the key bytes"] = bytes.toString("base64url");
    forms["hex of the key bytes"] = bytes.toString("hex");
  }
  return Object.fromEntries(Object.entries(forms).filter(([, form]) => form.length >= 8));
}
