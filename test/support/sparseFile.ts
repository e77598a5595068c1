import { closeSync, ftruncateSync, openSync } from "node:fs";

/** Makes a file of `bytes` NUL bytes without writing them (a sparse file): a large file at no cost. */
export function sparseFile(path: string, bytes: number): void {
  const fd = openSync(path, "w");
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}
