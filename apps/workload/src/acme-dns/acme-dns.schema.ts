import { z } from 'zod';
import { apiSchemas } from '../common/api-schemas';

// The acme-dns request bodies (acmetxt.go), read as Go's encoding/json reads them: unknown
// fields ignored, and what does not fit answered with acme-dns's own errors (see wire.ts); and
// its answers, for the OpenAPI document.

const UUID_EXAMPLE = 'c36f50e8-4632-44f0-83fe-e070fef28a10';

/** `POST /register`: the networks `/update` may then come from; none when absent or null. */
export const registrationBody = z
  .object({
    allowfrom: z
      .array(z.string())
      .nullish()
      .meta({
        description: 'Networks (CIDR) `/update` may be called from; none: anywhere.',
        example: ['192.168.100.1/24', '2001:db8::/32'],
      }),
  })
  .meta({ description: 'acme-dns’s registration request; the body may be empty.' })
  .register(apiSchemas, { id: 'AcmeDnsRegistration' });

/** `POST /update` (ACMETxtPost): the account's subdomain and the new TXT value. */
export const updateBody = z
  .object({
    subdomain: z.string().meta({ example: UUID_EXAMPLE }),
    txt: z.string().meta({
      description: 'The DNS-01 value: 43 base64url characters.',
      example: 'LPsIwTo7o8BoG0-vjCyGQGBWSVIPxI-i_X336eUOQZo',
    }),
  })
  .meta({ description: 'acme-dns’s update request.' })
  .register(apiSchemas, { id: 'AcmeDnsUpdate' });

/** `POST /register`'s answer (api.go RegResponse). */
export const accountAnswer = z
  .object({
    username: z.string().meta({ description: 'A UUID: `X-Api-User`.', example: UUID_EXAMPLE }),
    password: z.string().meta({
      description: '40 characters: `X-Api-Key`. Shown once; stored hashed.',
      example: 'htB9mR9DYgcu9bX_afHF62erXaH2TS7bg9KW3F7Z',
    }),
    fulldomain: z.string().meta({
      description: 'The name `_acme-challenge.<your name>` is a CNAME to.',
      example: `8e5700ea-a4bf-41c7-8a77-e990661dcc6a.acme.example.com`,
    }),
    subdomain: z.string().meta({ example: '8e5700ea-a4bf-41c7-8a77-e990661dcc6a' }),
    allowfrom: z.array(z.string()).meta({ example: ['192.168.100.1/24'] }),
  })
  .meta({ description: 'A new acme-dns account.' })
  .register(apiSchemas, { id: 'AcmeDnsAccount' });

/** `POST /update`'s answer. */
export const updateAnswer = z
  .object({ txt: z.string() })
  .meta({ description: 'The value now published.' })
  .register(apiSchemas, { id: 'AcmeDnsUpdated' });

/** acme-dns's error body (util.go jsonError). */
export const errorAnswer = z
  .object({
    error: z.string().meta({
      description:
        '`malformed_json_payload`, `invalid_allowfrom_cidr`, `forbidden`, `bad_subdomain` or `bad_txt`.',
      example: 'forbidden',
    }),
  })
  .meta({ description: 'An error as acme-dns answers it.' })
  .register(apiSchemas, { id: 'AcmeDnsError' });

/** An account as its client stores it: goacmedns's Account, with the server to call when known. */
export const storedAccount = accountAnswer
  .extend({
    server_url: z.string().optional().meta({
      description:
        'The acme-dns server: `<public URL><HLP_ACMEDNS_PREFIX>`; absent when the public URL is unknown.',
      example: 'https://lego.example.com/acme-dns',
    }),
  })
  .meta({ description: 'An acme-dns account as its client stores it.' })
  .register(apiSchemas, { id: 'AcmeDnsStoredAccount' });

/** lego's ACME_DNS_STORAGE_PATH file and cert-manager's account secret: the account by name. */
export const storageFile = z
  .record(z.string(), storedAccount)
  .meta({
    description:
      'The storage file of lego (`ACME_DNS_STORAGE_PATH`) and cert-manager (`accountSecretRef`): the account under the name it validates.',
  })
  .register(apiSchemas, { id: 'AcmeDnsStorageFile' });

export type StoredAccount = z.output<typeof storedAccount>;
export type StorageFile = z.output<typeof storageFile>;
