import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function git(args: readonly string[], cwd?: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A bare repository at `path` holding `example.com.domain` on `main`, as a DNS team keeps. */
export function createZoneRepository(path: string): string {
  git(['init', '--quiet', '--bare', '--initial-branch=main', path]);
  const work = mkdtempSync(join(tmpdir(), 'hlp-charm-seed-'));
  try {
    git(['init', '--quiet', '--initial-branch=main'], work);
    writeFileSync(
      join(work, 'example.com.domain'),
      '$ORIGIN example.com.\n$TTL 600\n@ 600 IN SOA ns1.example.com. hostmaster.example.com. 1 3600 600 86400 60\n',
    );
    git(['add', '--all'], work);
    git(
      ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-qm', 'zones'],
      work,
    );
    git(['push', '--quiet', path, 'HEAD:refs/heads/main'], work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return path;
}
