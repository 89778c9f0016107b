import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A tmpfs of a chosen size, for the tests of a full or read-only data dir. Mounting needs root (or
 * CAP_SYS_ADMIN): where it cannot be done, `mountable()` says why and those tests skip with that
 * reason. CI here runs as root, so they run there.
 */
export class SmallFilesystem {
  private constructor(readonly path: string) {}

  /** Why a tmpfs cannot be mounted here, or undefined when it can (tried once, on a scratch folder). */
  static unmountableBecause(): string | undefined {
    if (process.platform !== 'linux') return `tmpfs mounts need Linux (this is ${process.platform})`;
    if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root (the tests run as a normal user here)';
    try {
      const probe = SmallFilesystem.mount(1);
      probe.unmount();
      return undefined;
    } catch (error) {
      return `mount -t tmpfs failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
  }

  static mount(megabytes: number): SmallFilesystem {
    const path = mkdtempSync(join(tmpdir(), 'cqrs-small-fs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', path], { stdio: 'pipe' });
    } catch (error) {
      rmSync(path, { recursive: true, force: true });
      throw error;
    }
    return new SmallFilesystem(path);
  }

  /** Grows (or shrinks) the filesystem in place; the files on it stay. */
  resize(megabytes: number): void {
    execFileSync('mount', ['-o', `remount,size=${megabytes}m`, this.path], { stdio: 'pipe' });
  }

  /** Makes it read-only (or writable again) in place: needs no file on it open for writing. */
  readOnly(readOnly: boolean): void {
    execFileSync('mount', ['-o', `remount,${readOnly ? 'ro' : 'rw'}`, this.path], { stdio: 'pipe' });
  }

  unmount(): void {
    execFileSync('umount', ['-l', this.path], { stdio: 'pipe' });
    rmSync(this.path, { recursive: true, force: true });
  }
}
