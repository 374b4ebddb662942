/**
 * The email of a Stay LIVE alert: the workspace is named in the subject and in the body, so an
 * owner of several workspaces knows which app is down. The name is one line (a header cannot hold
 * a line break), the text is what the check saw, the link opens the check on the dashboard.
 */
export function alertEmail(workspace: string, event: { title: string; text: string }, link: string) {
  const name = workspace.replace(/\s+/g, " ").trim();
  return { subject: `Go-Live: ${event.title} (${name})`, body: `${event.text}\n\nWorkspace: ${name}\n${link}\n` };
}

/**
 * Bounds on one SMTP session of alert mail. nodemailer waits up to 2 min to connect and 10 min on
 * a silent socket by default, and the first try is made inside the scheduled check: a mail server
 * that hangs must not hold the check past its job's time. A query in SMTP_URL (`?socketTimeout=…`)
 * overrides them.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as const;

export function smtpTransportOptions(url: string) {
  return { url, ...SMTP_TIMEOUTS };
}
