import type { CheckRow } from "./ui";
import type { Exchange } from "./transcript";

/** Markdown pieces of reports/proof.md. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function checkTable(rows: CheckRow[], withHttp: boolean) {
  const head = withHttp
    ? "| Check | Result | HTTP | Time | What the page says | Fix |\n|---|---|---|---|---|---|"
    : "| Check | Result | Time | What the page says | Fix |\n|---|---|---|---|---|";
  const lines = rows.map((row) =>
    [
      `\`${row.id}\` ${cell(row.title)}`,
      `**${row.status.toUpperCase()}**`,
      ...(withHttp ? [row.http || "–"] : []),
      row.timing ? `${row.timing} ms` : "–",
      cell(row.detail),
      row.fix ? cell(row.fix) : "–",
    ].join(" | "),
  );
  return `${head}\n${lines.map((line) => `| ${line} |`).join("\n")}`;
}

export function figure(file: string, caption: string) {
  return `![${caption}](screenshots/${file})\n\n*${caption}*`;
}

export function exchange(number: number, item: Exchange) {
  return [`### ${number}. ${item.title}`, item.note ?? "", "```sh\n" + item.command + "\n```", "```http\n" + item.statusLine + "\n\n" + item.body + "\n```"]
    .filter(Boolean)
    .join("\n\n");
}
