/**
 * How each host's tool reads the env bundle the wizard prints, so a test can start an instance from
 * the text exactly as an owner would paste or save it. Node's own `--env-file` is not here: the test
 * runs the real thing (`node --env-file=.env server.js`).
 */

/** `docker run --env-file`: NAME=VALUE per line, the value raw after the first "="; # and blank lines skipped. */
export function parseDockerEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const at = line.indexOf("=");
    if (at <= 0) throw new Error(`docker would refuse this line: ${line}`);
    env[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return env;
}

/**
 * `fly secrets import`: NAME=VALUE per line; the value's leading spaces trimmed and one pair of
 * surrounding double quotes removed; a value opening with """ runs to the line ending in """.
 */
export function parseFlySecretsImport(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const at = line.indexOf("=");
    if (at <= 0) throw new Error(`flyctl would refuse this line: ${line}`);
    const name = line.slice(0, at).trim();
    let value = line.slice(at + 1).trimStart();
    if (value.startsWith('"""')) {
      const parts = [value.slice(3)];
      while (!parts[parts.length - 1]!.endsWith('"""')) parts.push(lines[++i] ?? "");
      value = parts.join("\n").slice(0, -3);
    } else if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    env[name] = value;
  }
  return env;
}
