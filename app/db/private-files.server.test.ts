import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makePrivateDir, tightenTree } from "./private-files.server";

const root = mkdtempSync(path.join(tmpdir(), "golive-private-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (file: string) => statSync(file).mode & 0o777;

describe("owner-only files", () => {
  it("makePrivateDir creates missing directories 0700 whatever the umask, and tightens an existing wider one", () => {
    const dir = path.join(root, "a", "b");
    makePrivateDir(dir);
    expect(mode(path.join(root, "a"))).toBe(0o700);
    expect(mode(dir)).toBe(0o700);
    chmodSync(dir, 0o777);
    makePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
  });

  it("tightenTree makes directories 0700 and files 0600 all the way down, and leaves what a link points to alone", () => {
    const dir = path.join(root, "tree");
    mkdirSync(path.join(dir, "base", "5"), { recursive: true, mode: 0o755 });
    writeFileSync(path.join(dir, "PG_VERSION"), "17", { mode: 0o666 });
    writeFileSync(path.join(dir, "base", "5", "1259"), "", { mode: 0o644 });
    const outside = path.join(root, "outside");
    writeFileSync(outside, "", { mode: 0o644 });
    chmodSync(outside, 0o644);
    symlinkSync(outside, path.join(dir, "link"));
    chmodSync(path.join(dir, "PG_VERSION"), 0o666);
    tightenTree(dir);
    for (const sub of ["", "base", "base/5"]) expect(mode(path.join(dir, sub)), sub).toBe(0o700);
    expect(mode(path.join(dir, "PG_VERSION"))).toBe(0o600);
    expect(mode(path.join(dir, "base", "5", "1259"))).toBe(0o600);
    expect(mode(outside)).toBe(0o644);
  });
});
