import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';

export type TokenType = 'access' | 'refresh';

/** What a token says, in simplejwt's claim names (the Python service's tokens). */
export interface TokenClaims {
  readonly token_type: TokenType;
  readonly user_id: number;
  /** Unique per token: a refresh token is spent by marking its id used. */
  readonly jti: string;
  /** Refresh tokens: the chain of rotations this one belongs to, revoked whole on reuse. */
  readonly family?: string;
  readonly iat: number;
  readonly exp: number;
}

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
    let claims: Partial<TokenClaims>;
    try {
      claims = this.jwt.verify<Partial<TokenClaims> & object>(token, {
        clockTimestamp: Math.floor(this.now() / 1000),
      });
    } catch {
      return null;
    }
    if (
      claims.token_type !== type ||
      !Number.isSafeInteger(claims.user_id) ||
      typeof claims.jti !== 'string' ||
      typeof claims.exp !== 'number' ||
      (type === 'refresh' && typeof claims.family !== 'string')
    ) {
      return null;
    }
    return claims as TokenClaims;
  }
}

/** Reads `Authorization: Bearer <token>` (RFC 6750); null when absent or of another scheme. */
export function parseBearerAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  return match ? match[1] : null;
}
