// What a path names, for the commands that take files and folders: false for
// anything that cannot be stat'ed (missing, or a folder on its way that may not
// be read), whose error the read or write that follows reports.
import { statSync } from "node:fs";

/** Whether `path` is a regular file (through links). */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether `path` is a folder (through links). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
