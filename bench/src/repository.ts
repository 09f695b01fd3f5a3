import { cp } from 'node:fs/promises';
import { git, gitWithInput } from './git';

function zoneText(zone: string, hosts: number): string {
  const lines = [
    `$ORIGIN ${zone}.`,
    '$TTL 600',
    `@ 600 IN SOA ns1.${zone}. hostmaster.${zone}. 1 3600 600 86400 60`,
    `@ 600 IN NS ns1.${zone}.`,
    'ns1 600 IN A 192.0.2.1',
  ];
  for (let i = 0; i < hosts; i += 1) lines.push(`host${i} 600 IN A 192.0.2.${(i % 250) + 2}`);
  return `${lines.join('\n')}\n`;
}

export const zoneName = (index: number): string => `zone${index}.example`;

/**
 * A bare repository shaped like a real DNS-records repository: `zones` zone files of 50 records,
 * then `commits` one-record commits spread over them, written in one `git fast-import` stream.
 */
export async function buildRepository(path: string, zones: number, commits: number): Promise<void> {
  await git(['init', '--quiet', '--bare', '--initial-branch=main', path]);
  const hosts = Array.from({ length: zones }, () => 50);
  const chunks: string[] = [];
  const blob = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (mark: number, message: string, files: number[]) => {
    chunks.push(
      `commit refs/heads/main\nmark :${mark}\ncommitter bench <bench@example.invalid> ${1700000000 + mark} +0000\n`,
    );
    chunks.push(blob(message));
    if (mark > 1) chunks.push(`from :${mark - 1}\n`);
    for (const index of files)
      chunks.push(
        `M 100644 inline ${zoneName(index)}.domain\n${blob(zoneText(zoneName(index), hosts[index]))}`,
      );
  };
  commit(
    1,
    'Seed zones',
    hosts.map((_, i) => i),
  );
  for (let i = 0; i < commits; i += 1) {
    const index = i % zones;
    hosts[index] += 1;
    commit(i + 2, `Add host${hosts[index] - 1}.${zoneName(index)}`, [index]);
  }
  await gitWithInput(['fast-import', '--quiet'], path, chunks.join(''));
}

/** An identical copy, so that one measurement never moves another's remote. */
export async function copyRepository(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}
