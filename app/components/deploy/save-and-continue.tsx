import { useNavigation } from "@remix-run/react";

/**
 * A wizard step's submit button: disabled, and saying so, from the tap until the next page has
 * arrived (the redirect's loading too), so a second tap on a slow connection does not post again.
 */
export function SaveAndContinue({ className = "", label = "Save and continue" }: { className?: string; label?: string }) {
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formMethod === "POST";
  return (
    <button className={`btn w-full sm:w-auto ${className}`.trim()} type="submit" disabled={saving}>
      {saving ? "Saving…" : label}
    </button>
  );
}
