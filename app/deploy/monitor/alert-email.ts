/**
 * The email of a Stay LIVE alert: the workspace is named in the subject and in the body, so an
 * owner of several workspaces knows which app is down. The name is one line (a header cannot hold
 * a line break), the text is what the check saw, the link opens the check on the dashboard.
 */
export function alertEmail(workspace: string, event: { title: string; text: string }, link: string) {
  const name = workspace.replace(/\s+/g, " ").trim();
  return { subject: `Go-Live: ${event.title} (${name})`, body: `${event.text}\n\nWorkspace: ${name}\n${link}\n` };
}
