import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { z } from 'zod';

const TOKEN_TYPES = ['access', 'refresh'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** What a token says, in simplejwt's claim names (the Python service's tokens). */
const tokenClaims = z.object({
  token_type: z.enum(TOKEN_TYPES),
  user_id: z.int(),
  /** Unique per token: a refresh token is spent by marking its id used. */
  jti: z.string(),
  /** Refresh tokens: the chain of rotations this one belongs to, revoked whole on reuse. */
  family: z.string().optional(),
  iat: z.number(),
  exp: z.number(),
});

export type TokenClaims = Readonly<z.infer<typeof tokenClaims>>;

export interface SignedToken {
  readonly token: string;
  readonly claims: TokenClaims;
}

/** Longer is not a token of ours: refuse it before any work. */
const MAX_TOKEN_LENGTH = 2048;

/**
 * Signs and checks the API's JSON Web Tokens: HS256 with the service's secret key, so that a new
 * key invalidates every token. No state: refresh-token bookkeeping is the TokensService's.
 */
export class TokenCodec {
  private readonly jwt: JwtService;

  constructor(
    secretKey: string,
    private readonly now: () => number = Date.now,
  ) {
    this.jwt = new JwtService({
      secret: secretKey,
      signOptions: { algorithm: 'HS256' },
      verifyOptions: { algorithms: ['HS256'] },
    });
  }

  sign(type: TokenType, userId: number, lifetimeSeconds: number, family?: string): SignedToken {
    const iat = Math.floor(this.now() / 1000);
    const claims: TokenClaims = {
      token_type: type,
      user_id: userId,
      jti: randomUUID(),
      ...(family === undefined ? {} : { family }),
      iat,
      exp: iat + lifetimeSeconds,
    };
    return { token: this.jwt.sign({ ...claims }), claims };
  }

  /** The claims of a well-signed, unexpired token of this type; null for anything else. */
  verify(token: string, type: TokenType): TokenClaims | null {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
    let payload: unknown;
    try {
      payload = this.jwt.verify<object>(token, { clockTimestamp: Math.floor(this.now() / 1000) });
    } catch {
      return null;
    }
    const claims = tokenClaims.safeParse(payload).data;
    if (claims?.token_type !== type || (type === 'refresh' && claims.family === undefined)) {
      return null;
    }
    return claims;
  }
}

/** Reads `Authorization: Bearer <token>` (RFC 6750); null when absent or of another scheme. */
export function parseBearerAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  return match ? match[1] : null;
}
