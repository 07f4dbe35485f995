import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { writeFailureReason } from './atomic-write';

/**
 * Why a file could not be written at `file`, or undefined when it can: checked before a run sends its
 * first request, so that a recording is never lost to a typo in `--out` after minutes of requests.
 *
 * The file itself may be absent or a regular file (it is replaced); missing parent directories are fine
 * (writeFileAtomic creates them) as long as the nearest existing ancestor is a directory we can create
 * files in. Writability is probed by creating and removing a file there, because permission bits do not
 * tell the whole story (root ignores them, a read-only mount or an ACL does not show in them).
 */
export function unwritableReason(file: string): string | undefined {
  const target = path.resolve(file);
  const own = kind(target);
  if (own === 'directory') return 'is a directory';
  if (own === 'other') return 'is not a regular file';
  let dir = path.dirname(target);
  for (;;) {
    const k = kind(dir);
    if (k === 'directory') break;
    if (k !== 'missing') return `${dir} is not a directory`;
    const up = path.dirname(dir);
    if (up === dir) return `no existing directory above it`;
    dir = up;
  }
  const probe = path.join(dir, `.contract-mock-write-probe-${process.pid}-${Date.now()}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
    return undefined;
  } catch (err) {
    // The same words as a failed write (src/util/atomic-write.ts): for EACCES, the uid and what to do.
    return `directory ${dir} is not writable: ${writeFailureReason(err)}`;
  }
}

function kind(p: string): 'missing' | 'file' | 'directory' | 'other' {
  try {
    const s = statSync(p);
    return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a path component is a regular file; the walk up reaches it and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    return 'other';
  }
}
