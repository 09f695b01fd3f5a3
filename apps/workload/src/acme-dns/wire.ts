import { randomInt, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { formatNetwork, InvalidNetworkError, parseNetwork } from '@hlp/config';
import {
  registrationBody,
  type StorageFile,
  type StoredAccount,
  updateBody,
} from './acme-dns.schema';

/**
 * The acme-dns HTTP API as joohoi/acme-dns speaks it (api.go, auth.go, validation.go, acmetxt.go,
 * util.go): its field names, its checks, and its error codes. Pure: no I/O.
 */

/** acme-dns's error codes, with the status it answers each with; the body is `{"error": code}`. */
export const ACME_DNS_ERRORS = {
  /** api.go webRegisterPost: the body is not JSON of the expected shape. */
  malformed_json_payload: 400,
  /** api.go webRegisterPost: an `allowfrom` entry is not a CIDR network. */
  invalid_allowfrom_cidr: 400,
  /** auth.go Auth: bad credentials, an address outside `allowfrom`, or another account's subdomain. */
  forbidden: 401,
  /** api.go webUpdatePost: the subdomain is not one DNS label (unreachable past Auth, as there). */
  bad_subdomain: 400,
  /** api.go webUpdatePost: the value is not 43 base64url characters. */
  bad_txt: 400,
} as const;

export type AcmeDnsErrorCode = keyof typeof ACME_DNS_ERRORS;

/** An error acme-dns defines: answered with its status and exactly its body. */
export class AcmeDnsError extends Error {
  override readonly name = 'AcmeDnsError';

  constructor(
    readonly code: AcmeDnsErrorCode,
    /** For the log: acme-dns says only "forbidden" to the client, whatever the reason. */
    readonly reason: string = code,
  ) {
    super(reason);
  }

  get status(): number {
    return ACME_DNS_ERRORS[this.code];
  }
}

/** What `POST /register` answers (api.go RegResponse, in its field order) and a client stores. */
export interface AcmeDnsAccount {
  readonly username: string;
  readonly password: string;
  readonly fulldomain: string;
  readonly subdomain: string;
  readonly allowfrom: string[];
}

/**
 * What an account's client stores: the account (with its server when known), or with a `domain`
 * the storage file of lego (ACME_DNS_STORAGE_PATH) and cert-manager (accountSecretRef), which
 * holds it under the name it validates.
 */
export function clientStorage(
  account: AcmeDnsAccount,
  serverUrl: string | undefined,
  domain: string | undefined,
): StoredAccount | StorageFile {
  const stored = { ...account, ...(serverUrl ? { server_url: serverUrl } : {}) };
  return domain === undefined ? stored : { [domain]: stored };
}

/** The request fields of `POST /update` (acmetxt.go ACMETxtPost). */
export type AcmeDnsUpdate = Readonly<z.output<typeof updateBody>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** util.go generatePassword's alphabet; validation.go validKey wants 40 of them. */
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz1234567890-_';
const KEY = /^[A-Za-z0-9_-]{40}$/;
/** validation.go validSubdomain. */
const SUBDOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** validation.go validTXT: 43 base64url characters, the size of a DNS-01 value. */
const TXT = /^[A-Za-z0-9_-]{43}$/;

/** A new account's username, key and subdomain, as acmetxt.go newACMETxt makes them. */
export function newAccountCredentials(): { username: string; password: string; subdomain: string } {
  const password = Array.from(
    { length: 40 },
    () => KEY_ALPHABET[randomInt(KEY_ALPHABET.length)],
  ).join('');
  return { username: randomUUID(), password, subdomain: randomUUID() };
}

export function isAcmeDnsSubdomain(subdomain: string): boolean {
  return SUBDOMAIN.test(subdomain);
}

export function isAcmeDnsTxt(txt: string): boolean {
  return TXT.test(txt);
}

/**
 * `X-Api-User` and `X-Api-Key` when they can name an account (auth.go getUserFromRequest: a UUID,
 * and a key of 40 characters), the username in its stored lower-case form; otherwise null, and
 * acme-dns answers `forbidden` without looking anything up.
 */
export function apiCredentials(headers: {
  readonly [name: string]: string | string[] | undefined;
}): { username: string; password: string } | null {
  const username = headers['x-api-user'];
  const password = headers['x-api-key'];
  if (typeof username !== 'string' || typeof password !== 'string') return null;
  if (!UUID.test(username) || !KEY.test(password)) return null;
  return { username: username.toLowerCase(), password };
}

/** A JSON object's field as Go's encoding/json finds it: the exact name, else any case. */
function field(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : object[key];
}

/** The body as JSON, when it is an object (or empty, or `null`: Go leaves the struct as it was). */
function jsonObject(body: string | undefined): Record<string, unknown> | undefined {
  if (body === undefined || body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (value === null) return {};
  return typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * `allowfrom` entries, normalised (acmetxt.go cidrslice.isValid: each a CIDR network, IPv6
 * brackets ignored); an entry that is not is `invalid_allowfrom_cidr`.
 */
export function normalizeAllowFrom(entries: readonly string[]): string[] {
  return entries.map((entry) => {
    const cidr = entry.trim().replace(/[[\]]/g, '');
    try {
      if (!cidr.includes('/')) throw new InvalidNetworkError(cidr);
      return formatNetwork(parseNetwork(cidr));
    } catch (error) {
      if (!(error instanceof InvalidNetworkError)) throw error;
      throw new AcmeDnsError(
        'invalid_allowfrom_cidr',
        `"${entry.slice(0, 100)}" is not a network in CIDR notation, such as 10.0.0.0/8`,
      );
    }
  });
}

/** The networks a `POST /register` body asks for (api.go webRegisterPost). */
export function parseRegistration(body: string | undefined): string[] {
  const object = jsonObject(body);
  const parsed = object && registrationBody.safeParse({ allowfrom: field(object, 'allowfrom') });
  if (!parsed?.success) throw new AcmeDnsError('malformed_json_payload');
  return normalizeAllowFrom(parsed.data.allowfrom ?? []);
}

/**
 * The fields of a `POST /update` body. A body acme-dns cannot decode leaves them empty (auth.go
 * logs the error and goes on), and so belongs to no account: `forbidden`.
 */
export function parseUpdate(body: string | undefined): AcmeDnsUpdate {
  const object = jsonObject(body) ?? {};
  const parsed = updateBody.safeParse({
    subdomain: field(object, 'subdomain') ?? '',
    txt: field(object, 'txt') ?? '',
  });
  return parsed.success ? parsed.data : { subdomain: '', txt: '' };
}
