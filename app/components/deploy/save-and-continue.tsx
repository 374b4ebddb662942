import { useNavigation } from "@remix-run/react";

/** A wizard step's submit button: disabled, and saying so, while the step is being saved. */
export function SaveAndContinue({ className = "" }: { className?: string }) {
  const saving = useNavigation().state === "submitting";
  return (
    <button className={`btn w-full sm:w-auto ${className}`.trim()} type="submit" disabled={saving}>
      {saving ? "Saving…" : "Save and continue"}
    </button>
  );
}
