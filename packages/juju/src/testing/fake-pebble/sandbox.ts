import { join, posix } from 'node:path';

import { ApiError } from './api-response';

/** Owner names and ids requested for a path; recorded, because the fake cannot chown. */
export interface RecordedOwnership {
  readonly user?: string;
  readonly userId?: number;
  readonly group?: string;
  readonly groupId?: number;
}

/** The fake container's filesystem: container paths map into a host directory. */
export class Sandbox {
  private readonly ownership = new Map<string, RecordedOwnership>();

  constructor(
    /** The host directory standing for the container's `/`. */
    readonly root: string,
  ) {}

  /** The host path of an absolute container path (`..` cannot climb out of the sandbox). */
  hostPath(containerPath: string): string {
    if (!posix.isAbsolute(containerPath)) {
      throw new ApiError(
        400,
        `paths must be absolute, got "${containerPath}"`,
        'generic-file-error',
      );
    }
    return join(this.root, posix.normalize(containerPath));
  }

  /** Records who should own a path, when anyone was requested. */
  recordOwnership(containerPath: string, owner: RecordedOwnership): void {
    if (Object.values(owner).some((value) => value !== undefined)) {
      this.ownership.set(posix.normalize(containerPath), owner);
    }
  }

  /** Who was requested to own a path. */
  ownershipOf(containerPath: string): RecordedOwnership | undefined {
    return this.ownership.get(posix.normalize(containerPath));
  }

  /** Forgets the ownership of a path and everything under it. */
  forget(containerPath: string): void {
    const normalized = posix.normalize(containerPath);
    for (const path of this.ownership.keys()) {
      if (path === normalized || path.startsWith(`${normalized}/`)) {
        this.ownership.delete(path);
      }
    }
  }
}
