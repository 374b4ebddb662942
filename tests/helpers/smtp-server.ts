import net from "node:net";
import type { AddressInfo } from "node:net";
import { closerFor } from "./loopback-server";

/** One message as the server received it: the envelope, the AUTH PLAIN credentials if any, and the raw DATA (dot-unstuffed). */
export type ReceivedMail = { from: string; to: string[]; auth: { user: string; pass: string } | null; raw: string };

/**
 * How the server answers a transaction: `accept` takes the message; `reject` answers 550 to each
 * RCPT TO (the recipient is refused, as a real server does for an unknown mailbox); `drop` closes
 * the connection when MAIL FROM arrives (a server that goes away mid-session).
 */
export type SmtpMode = "accept" | "reject" | "drop";

export type SmtpServer = {
  port: number;
  /** smtp://[user:pass@]127.0.0.1:port */
  url(auth?: { user: string; pass: string }): string;
  mode: SmtpMode;
  /** Messages accepted (250 after DATA). */
  received: ReceivedMail[];
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
};

/**
 * A real, minimal SMTP server on 127.0.0.1 (RFC 5321, plain text): a 220 greeting, EHLO/HELO (EHLO
 * advertises AUTH PLAIN, never STARTTLS), AUTH PLAIN, MAIL FROM, RCPT TO, DATA until "<CRLF>.<CRLF>",
 * RSET, NOOP and QUIT. Enough for nodemailer's SMTP transport; nothing is relayed anywhere.
 */
export async function startSmtpServer(): Promise<SmtpServer> {
  const state = { connections: 0 };
  const received: ReceivedMail[] = [];
  const api = { mode: "accept" as SmtpMode };

  const server = net.createServer((socket) => {
    state.connections += 1;
    socket.setEncoding("utf8");
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    let buffer = "";
    let inData = false;
    let dataLines: string[] = [];
    let session: { from: string | null; to: string[]; auth: ReceivedMail["auth"] } = { from: null, to: [], auth: null };
    const reset = () => (session = { from: null, to: [], auth: session.auth });

    const command = (line: string) => {
      const verb = line.split(" ", 1)[0]!.toUpperCase();
      const rest = line.slice(verb.length).trim();
      if (verb === "EHLO") return reply("250-127.0.0.1 greets you\r\n250-8BITMIME\r\n250 AUTH PLAIN");
      if (verb === "HELO") return reply("250 127.0.0.1");
      if (verb === "AUTH") {
        const [mechanism, initial] = rest.split(" ");
        if (mechanism?.toUpperCase() !== "PLAIN" || !initial) return reply("504 5.5.4 only AUTH PLAIN with an initial response");
        const [, user = "", pass = ""] = Buffer.from(initial, "base64").toString("utf8").split("\0");
        session.auth = { user, pass };
        return reply("235 2.7.0 Authentication successful");
      }
      if (verb === "MAIL") {
        if (api.mode === "drop") return socket.destroy();
        reset();
        session.from = /<([^>]*)>/.exec(rest)?.[1] ?? rest;
        return reply("250 2.1.0 OK");
      }
      if (verb === "RCPT") {
        if (session.from === null) return reply("503 5.5.1 MAIL first");
        if (api.mode === "reject") return reply("550 5.1.1 mailbox unavailable");
        session.to.push(/<([^>]*)>/.exec(rest)?.[1] ?? rest);
        return reply("250 2.1.5 OK");
      }
      if (verb === "DATA") {
        if (!session.to.length) return reply("554 5.5.1 no valid recipients");
        inData = true;
        dataLines = [];
        return reply("354 End data with <CR><LF>.<CR><LF>");
      }
      if (verb === "RSET") {
        reset();
        return reply("250 2.0.0 OK");
      }
      if (verb === "NOOP") return reply("250 2.0.0 OK");
      if (verb === "QUIT") {
        reply("221 2.0.0 Bye");
        return socket.end();
      }
      return reply("502 5.5.2 command not implemented");
    };

    socket.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\r\n")) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!inData) {
          command(line);
          continue;
        }
        if (line === ".") {
          inData = false;
          received.push({ from: session.from ?? "", to: session.to, auth: session.auth, raw: dataLines.join("\r\n") });
          reset();
          reply("250 2.0.0 queued");
        } else dataLines.push(line.startsWith("..") ? line.slice(1) : line);
      }
    });
    reply("220 127.0.0.1 ESMTP test server");
  });
  const close = closerFor(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(api, {
    port,
    url: (auth?: { user: string; pass: string }) =>
      `smtp://${auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : ""}127.0.0.1:${port}`,
    received,
    get connections() {
      return state.connections;
    },
    close,
  });
}

/** A received message's headers (unfolded, names lower-cased), decoded subject and decoded text body (7bit, 8bit, quoted-printable or base64). */
export function readMail(raw: string) {
  const split = raw.indexOf("\r\n\r\n");
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const field of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = field.indexOf(":");
    if (colon > 0) headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeQuotedPrintable(body)
        : body;
  return { headers, subject: decodeWords(headers.subject ?? ""), text };
}

function decodeQuotedPrintable(text: string) {
  return decodeURIComponent(
    text
      .replace(/=\r\n/g, "")
      .replace(/%/g, "%25")
      .replace(/=([0-9A-F]{2})/gi, "%$1"),
  );
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=), adjacent words joined. */
function decodeWords(value: string) {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}
