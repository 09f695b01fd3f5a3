import { z } from 'zod';

// The acme-dns request bodies (acmetxt.go), read as Go's encoding/json reads them: unknown
// fields ignored, and what does not fit answered with acme-dns's own errors (see wire.ts).

/** `POST /register`: the networks `/update` may then come from; none when absent or null. */
export const registrationBody = z.object({ allowfrom: z.array(z.string()).nullish() });

/** `POST /update` (ACMETxtPost): the account's subdomain and the new TXT value. */
export const updateBody = z.object({ subdomain: z.string(), txt: z.string() });
