import { promises as fs, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file atomically: the content goes to a temporary file in the same directory, which is then
 * renamed over the target. A crash or an interrupted run leaves either the old file or the new one,
 * never half of one. Use this for every file the tool writes.
 */
export async function writeFileAtomic(target: string, content: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempName(target);
  try {
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Synchronous variant, for the few places that cannot await (signal handlers). */
export function writeFileAtomicSync(target: string, content: string | Buffer): void {
  const tmp = tempName(target);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, target);
  } catch (err) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw err;
  }
}

function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
}
