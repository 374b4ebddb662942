import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * DATA_DIR holds the embedded database and the secrets that open every stored credential: only the
 * owner may read it. Directories are 0700 and files 0600, also when an older version (or a umask)
 * left them wider. PGlite writes its files 0666 whatever the umask, hence tightenTree after it opens.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) owner-only and tightens `dir` itself if it already existed
 * wider. A directory this user does not own (a mount point) cannot be changed and is left as it is:
 * what the app writes inside it is owner-only on its own.
 */
export function makePrivateDir(dir: string) {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    tighten(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
  }
}

/** Removes group and other permissions from `dir` and everything under it (symbolic links are left alone). */
export function tightenTree(dir: string) {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return;
  tighten(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) tightenTree(full);
    else if (entry.isFile()) tighten(full, PRIVATE_FILE_MODE);
  }
}

export function tighten(file: string, mode: number) {
  const stat = lstatSync(file, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return;
  if ((stat.mode & 0o777) !== mode) chmodSync(file, mode);
}
