import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDatabase, type Database } from './database';
import { isValidBranchName, parseGitRepository, type GitRepository } from './git-repository';
import { InvalidNetworkError, parseNetwork } from './network';
import { boolean, integer, list, oneOf, option, OptionValueError, text } from './option';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const HOST_NAME =
  /^(\*|\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?)$/;

function path(raw: string): string {
  const value = text.parse(raw);
  if (value.includes('\n')) throw new OptionValueError('must be a file path');
  return resolve(value);
}

const filePath = { parse: path, format: (value: string) => value };

/** An address or a network in CIDR form, as Express's `trust proxy` takes them. */
function proxyNetwork(raw: string): string {
  try {
    parseNetwork(raw);
  } catch (error) {
    if (!(error instanceof InvalidNetworkError)) throw error;
    throw new OptionValueError(`"${raw}" is not an address or a network such as 10.0.0.0/8`);
  }
  return raw.toLowerCase();
}

const listenAddress = {
  parse: (raw: string): string => {
    const value = raw.trim();
    if (isIP(value) || (value !== '*' && HOST_NAME.test(value))) return value;
    throw new OptionValueError('must be an IP address or a host name');
  },
  format: (value: string) => value,
};

function allowedHost(raw: string): string {
  const lower = raw.toLowerCase();
  const bare = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  if (isIP(bare) || HOST_NAME.test(lower)) return bare;
  throw new OptionValueError(`"${raw}" is not a host name, address, ".suffix" or *`);
}

/** An http(s) URL without query, fragment or credentials, kept without its trailing slash. */
function publicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OptionValueError('must be a URL such as https://lego.example.com');
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new OptionValueError(
      'must be an http:// or https:// URL without query, fragment or credentials',
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/** A DNS zone name: lower-case ASCII labels, without the final dot. */
function zoneName(raw: string): string {
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  if (
    name.length > 200 ||
    labels.length < 2 ||
    !labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label))
  ) {
    throw new OptionValueError('must be a DNS zone name such as acme.example.com');
  }
  return name;
}

/** The first path segments of the service's own routes: a prefix must not shadow them. */
const RESERVED_SEGMENTS = ['present', 'cleanup', 'health', 'api', 'admin'];

/** A URL path prefix such as `/acme-dns`: segments of safe characters, no trailing slash. */
function pathPrefix(raw: string): string {
  const value = raw.trim().replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(value) || value.split('/').includes('..')) {
    throw new OptionValueError('must be a path such as /acme-dns');
  }
  if (RESERVED_SEGMENTS.includes(value.split('/')[1].toLowerCase())) {
    throw new OptionValueError(
      `must not start with a path the service already serves (/${RESERVED_SEGMENTS.join(', /')})`,
    );
  }
  return value;
}

const ACMEDNS_REGISTRATION = ['closed', 'open'] as const;

/**
 * Every option of the workload, in the order they are resolved (a default may read options
 * declared above it). The charm builds the workload's environment from this same table.
 */
export const OPTIONS = {
  host: option({
    env: ['HLP_HOST'],
    description: 'Address the HTTP server listens on (`0.0.0.0` or `::` for every interface).',
    ...listenAddress,
    default: '127.0.0.1',
  }),
  port: option({
    env: ['HLP_PORT'],
    description: 'TCP port of the HTTP server.',
    ...integer(1, 65535),
    default: 8000,
  }),
  dataDir: option({
    env: ['HLP_DATA_DIR'],
    description:
      'Directory for state kept between restarts: the working clone, the SQLite database, the generated secret key, SSH control sockets.',
    ...filePath,
    default: () => resolve('data'),
    defaultText: '`./data`',
  }),
  database: option<Database>({
    env: ['DATABASE_URL', 'POSTGRESQL_DB_CONNECT_STRING'],
    description:
      'Database: `postgresql://user:password@host:5432/name` (`POSTGRESQL_DB_CONNECT_STRING` is the name the Juju PostgreSQL integration uses) or `sqlite:<path>`.',
    secret: true,
    parse: parseDatabase,
    format: (value) => (value.type === 'sqlite' ? `sqlite:${value.path}` : value.url),
    default: (earlier) => parseDatabase(`sqlite:${join(earlier.dataDir as string, 'db.sqlite3')}`),
    defaultText: '`sqlite:<data dir>/db.sqlite3`',
  }),
  gitRepo: option<GitRepository>({
    env: ['HLP_GIT_REPO'],
    description:
      'Repository of `<zone>.domain` files: `git+ssh://user@host/path@branch` (as the Python service), `ssh://`, `https://`, `file://` URLs, `user@host:path`, or an absolute path.',
    secret: true,
    parse: parseGitRepository,
    // A branch given in the Python form is written back in that form, so that it is not lost.
    format: (value) =>
      value.branch && value.url.startsWith('ssh://')
        ? `git+ssh://${value.url.slice('ssh://'.length)}@${value.branch}`
        : value.url,
    default: (earlier) => parseGitRepository(join(earlier.dataDir as string, 'zones.git')),
    defaultText: '`<data dir>/zones.git`',
  }),
  gitBranch: option<string | undefined>({
    env: ['HLP_GIT_BRANCH'],
    description:
      'Branch to read and push. Defaults to the branch named in `HLP_GIT_REPO` (`…@branch`), else the remote\u2019s default branch.',
    parse: (raw) => {
      const value = raw.trim();
      if (!isValidBranchName(value))
        throw new OptionValueError(`"${value}" is not a valid branch name`);
      return value;
    },
    format: (value) => value,
    default: undefined,
  }),
  gitSshKeyFile: option<string | undefined>({
    env: ['HLP_GIT_SSH_KEY_FILE'],
    description: 'Private key file for SSH repositories (mode 0600).',
    ...filePath,
    default: undefined,
    file: { name: 'git-ssh-key', mode: 0o600 },
  }),
  gitKnownHostsFile: option<string | undefined>({
    env: ['HLP_GIT_KNOWN_HOSTS_FILE'],
    description: 'known_hosts file holding the SSH host keys of the repository\u2019s server.',
    ...filePath,
    default: undefined,
    file: { name: 'git-known-hosts', mode: 0o644 },
  }),
  gitSshAcceptNewHostKeys: option({
    env: ['HLP_GIT_SSH_ACCEPT_NEW_HOST_KEYS'],
    description:
      'Trust an SSH host key on first use and remember it in the data directory. Off by default: without a known_hosts entry a connection is refused.',
    ...boolean,
    default: false,
  }),
  gitTimeoutSeconds: option({
    env: ['HLP_GIT_TIMEOUT_SECONDS'],
    description:
      'Longest time one git command (fetch, push) may take. A push stopped so is checked against the remote (`git ls-remote`) before its requests are answered.',
    ...integer(1, 600),
    default: 30,
  }),
  gitAuthorEmailDomain: option({
    env: ['HLP_GIT_AUTHOR_EMAIL_DOMAIN'],
    description: 'Commits are authored by the requesting user as `<username>@<this domain>`.',
    parse: (raw: string) => {
      const value = text.parse(raw).trim().toLowerCase();
      if (!HOST_NAME.test(value) || value === '*')
        throw new OptionValueError('must be a host name');
      return value;
    },
    format: (value: string) => value,
    default: 'httprequest-lego-provider.invalid',
  }),
  txtTtl: option({
    env: ['HLP_TXT_TTL'],
    description: 'TTL, in seconds, of the TXT records written.',
    ...integer(1, 2147483647),
    default: 600,
  }),
  bumpSoaSerial: option({
    env: ['HLP_BUMP_SOA_SERIAL'],
    description: 'Increase the numeric SOA serial of a zone file each time its records change.',
    ...boolean,
    default: false,
  }),
  secretKey: option<string | undefined>({
    env: ['HLP_SECRET_KEY'],
    description:
      'Key that signs tokens and sessions (at least 32 characters). Unset: one is generated and kept in the data directory.',
    secret: true,
    parse: (raw) => {
      if (raw.length < 32) throw new OptionValueError('must be at least 32 characters long');
      return raw;
    },
    format: (value) => value,
    default: undefined,
  }),
  allowedHosts: option({
    env: ['HLP_ALLOWED_HOSTS'],
    description:
      'Comma-separated host names the service answers to (`Host` header): names, addresses, `.suffix` for a domain and its subdomains, or `*` for any.',
    ...list(allowedHost),
    default: ['*'],
  }),
  publicUrl: option<string | undefined>({
    env: ['HLP_PUBLIC_URL'],
    description:
      'Address clients reach the service at, e.g. `https://lego.example.com` (with the path prefix of an ingress, if any): links in API responses start with it. Unset: links use the `Host` header when `HLP_ALLOWED_HOSTS` lists names, and are relative (`/api/v1/users/3/`) when it is `*`.',
    parse: publicUrl,
    format: (value) => value,
    default: undefined,
  }),
  requestTimeoutSeconds: option({
    env: ['HLP_REQUEST_TIMEOUT_SECONDS'],
    description:
      'Longest time a client may take to send a whole request, headers and body; a slower one is answered 408 and disconnected.',
    ...integer(1, 600),
    default: 30,
  }),
  authCacheSeconds: option({
    env: ['HLP_AUTH_CACHE_SECONDS'],
    description:
      'How long a verified username and password is remembered, so that clients sending credentials on every request do not pay the password hash each time. 0 turns the cache off.',
    ...integer(0, 3600),
    default: 300,
  }),
  logLevel: option<LogLevel>({
    env: ['HLP_LOG_LEVEL'],
    description: `Least severe log level written: ${LOG_LEVELS.join(', ')}.`,
    ...oneOf(LOG_LEVELS),
    default: 'info',
  }),
  peerPort: option<number | undefined>({
    env: ['HLP_PEER_PORT'],
    description:
      'TCP port on which this instance takes the batches other instances of the service hand it while it writes to the repository, and answers them (PostgreSQL only; they find it, and the key that authenticates them, through the database). Unset: those batches and answers go through the database, a little slower.',
    ...integer(1, 65535),
    default: undefined,
  }),
  peerAddress: option<string | undefined>({
    env: ['HLP_PEER_ADDRESS'],
    description:
      'Address on which the other instances reach this one at `HLP_PEER_PORT`, and on which it listens there. Unset: the first address of this host that is not a loopback one, else 127.0.0.1.',
    ...listenAddress,
    default: undefined,
  }),
  metricsPort: option({
    env: ['HLP_METRICS_PORT'],
    description:
      'TCP port of the Prometheus metrics endpoint (`/metrics`), kept apart from the API so that an ingress never exposes it. 0 turns it off.',
    ...integer(0, 65535),
    default: 9102,
  }),
  metricsHost: option({
    env: ['HLP_METRICS_HOST'],
    description: 'Address the metrics endpoint listens on. Defaults to `HLP_HOST`.',
    ...listenAddress,
    default: (earlier) => earlier.host as string,
    defaultText: 'the value of `HLP_HOST`',
  }),
  otlpEndpoint: option<string | undefined>({
    env: ['HLP_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    description:
      'OTLP/HTTP endpoint that receives traces, e.g. `http://tempo:4318/v1/traces`. Unset: tracing is off.',
    parse: (raw) => {
      try {
        const url = new URL(raw.trim());
        if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
      } catch {
        // reported below
      }
      throw new OptionValueError('must be an http:// or https:// URL');
    },
    format: (value) => value,
    default: undefined,
  }),
  accessTokenSeconds: option({
    env: ['HLP_ACCESS_TOKEN_SECONDS'],
    description:
      'Lifetime of the access tokens issued by `POST /api/v1/auth/token/` (sent as `Authorization: Bearer`).',
    ...integer(30, 86400),
    default: 300,
  }),
  refreshTokenSeconds: option({
    env: ['HLP_REFRESH_TOKEN_SECONDS'],
    description:
      'Lifetime of refresh tokens. Each works once: `POST /api/v1/auth/token/refresh/` answers a new pair.',
    ...integer(60, 31536000),
    default: 604800,
  }),
  adminSessionSeconds: option({
    env: ['HLP_ADMIN_SESSION_SECONDS'],
    description: 'How long a sign-in to the `/admin` pages lasts.',
    ...integer(300, 604800),
    default: 28800,
  }),
  trustedProxies: option({
    env: ['HLP_TRUSTED_PROXIES'],
    description:
      'Comma-separated addresses or networks (CIDR) of reverse proxies whose `X-Forwarded-For` names the client and whose `X-Forwarded-Proto` says whether it used TLS. Unset: the connection\u2019s own address is the client, and its own protocol counts.',
    ...list(proxyNetwork),
    default: [],
  }),
  authFailureLimit: option({
    env: ['HLP_AUTH_FAILURE_LIMIT'],
    description:
      'Failed authentications tolerated for one username from one client (an IPv4 address or an IPv6 /64) within the window; past it, that pair is answered 429 with `Retry-After` before any password is hashed. Other clients of that username are not affected.',
    ...integer(1, 100000),
    default: 5,
  }),
  authClientFailureLimit: option({
    env: ['HLP_AUTH_CLIENT_FAILURE_LIMIT'],
    description:
      'Failed authentications tolerated from one client, whatever the usernames, within the window; past it, the client\u2019s credentials are no longer hashed (429), except those verified already.',
    ...integer(1, 100000),
    default: 20,
  }),
  authFailureWindowSeconds: option({
    env: ['HLP_AUTH_FAILURE_WINDOW_SECONDS'],
    description:
      'The sliding window of `HLP_AUTH_FAILURE_LIMIT` and `HLP_AUTH_CLIENT_FAILURE_LIMIT`, in seconds.',
    ...integer(1, 86400),
    default: 300,
  }),
  authHashThreads: option({
    env: ['HLP_AUTH_HASH_THREADS'],
    description:
      'Password hashes computed at once, each on a thread of its own at a lower priority (never the thread pool that file and log I/O use). Attempts beyond them wait in a fair queue.',
    ...integer(1, 64),
    default: () => Math.min(4, Math.max(1, availableParallelism() - 1)),
    defaultText: 'one less than the CPUs, from 1 to 4',
  }),
  acmeDnsZone: option<string | undefined>({
    env: ['HLP_ACMEDNS_ZONE'],
    description:
      'Zone of the acme-dns API (a `<zone>.domain` file in the repository): each account gets the name `<uuid>.<zone>`, the target of its clients\u2019 `_acme-challenge` CNAMEs. Unset: the acme-dns API is off.',
    parse: zoneName,
    format: (value) => value,
    default: undefined,
  }),
  acmeDnsPrefix: option({
    env: ['HLP_ACMEDNS_PREFIX'],
    description:
      'Path under which the acme-dns API is served (`<prefix>/register`, `<prefix>/update`, `<prefix>/health`); clients take `<public URL><prefix>` as their acme-dns server.',
    parse: pathPrefix,
    format: (value: string) => value,
    default: '/acme-dns',
  }),
  acmeDnsRegistration: option<(typeof ACMEDNS_REGISTRATION)[number]>({
    env: ['HLP_ACMEDNS_REGISTRATION'],
    description:
      'Who may call acme-dns\u2019s `POST <prefix>/register`: `closed` (nobody: administrators register accounts with `lego-provider acme-dns register`, `POST /api/v1/acme-dns/accounts/` or the admin pages) or `open` (anyone, or the clients in `HLP_ACMEDNS_REGISTRATION_NETWORKS`).',
    ...oneOf(ACMEDNS_REGISTRATION),
    default: 'closed',
  }),
  acmeDnsRegistrationNetworks: option({
    env: ['HLP_ACMEDNS_REGISTRATION_NETWORKS'],
    description:
      'Comma-separated addresses or networks (CIDR) from which open registration is accepted. Unset: from anywhere.',
    ...list(proxyNetwork),
    default: [],
  }),
} as const;

export type OptionKey = keyof typeof OPTIONS;

type ValueOf<O> = O extends { parse: (raw: string) => infer T } ? T : never;

/** The parsed, validated configuration of one workload process. */
export type Config = { readonly [K in OptionKey]: ValueOf<(typeof OPTIONS)[K]> };

export type LogLevel = (typeof LOG_LEVELS)[number];
