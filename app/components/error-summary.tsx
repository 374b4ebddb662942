type Reply = { status?: "success" | "error"; error?: Record<string, string[] | null> | null } | undefined | null;

/**
 * The server's answer to a refused form, at the top of that form: one line per problem, each a link to
 * its field. It takes focus when it appears (the autofocus attribute without JavaScript, React's focus
 * with it), so a phone scrolls it into view instead of coming back at the top of the page.
 * Only server replies are listed: errors found while typing stay beside their field.
 */
export function ErrorSummary({ result, fields, id = "error-summary" }: { result: Reply; fields: Record<string, string>; id?: string }) {
  const errors = Object.entries(result?.error ?? {}).flatMap(([name, messages]) => (messages?.[0] ? [{ name, message: messages[0] }] : []));
  if (!errors.length) return null;
  return (
    <div id={id} className="error-summary" role="alert" tabIndex={-1} autoFocus aria-labelledby={`${id}-title`} data-testid="error-summary">
      <h2 id={`${id}-title`} className="font-semibold text-red-800">
        There is a problem
      </h2>
      <ul className="mt-1 space-y-1">
        {errors.map(({ name, message }) => (
          <li key={name}>
            {fields[name] ? (
              <a href={`#${fields[name]}`} className="text-red-800">
                {message}
              </a>
            ) : (
              <span className="text-red-800">{message}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
