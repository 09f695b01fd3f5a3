import { Inject, Injectable } from '@nestjs/common';
import { AccountsService } from '../accounts/accounts.service';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import { PasswordHasher } from '../passwords/password-hasher';
import type { AttemptContext } from './attempt-context';
import { AuthLimiter } from './auth-limiter';
import { parseBasicAuthorization } from './basic-credentials';
import { clientKey } from './client-key';
import { CredentialCache } from './credential-cache';
import { mayConnectFrom } from './networks';
import { parseBearerAuthorization, TokenCodec } from './token-codec';
import {
  CancelledAttemptError,
  RefusedAttemptError,
  type Reservation,
  VerificationQueue,
} from './verification-queue';

/** The limits' fixed parts; the rest comes from the configuration (see packages/config). */
const CLIENT_SHARE = 4;
const MAX_QUEUED_PER_LANE = 64;
const USERNAME_PACE_MS = 1000;
const FAMILIAR_MS = 24 * 3600 * 1000;
const MAX_KEYS = 100_000;

/**
 * Checks usernames and passwords for every way in (Basic, the token endpoint, the admin sign-in)
 * under one set of limits. Credentials verified recently come from the cache and are never
 * limited; the others wait in the fair hashing queue, or are refused before any hash.
 */
@Injectable()
export class AuthenticationService {
  private readonly cache: CredentialCache;
  private readonly queue: VerificationQueue;
  private readonly tokens: TokenCodec;
  /** Places in the hashing queue held by the front door, by request. */
  private readonly places = new WeakMap<object, Reservation>();
  /**
   * Each request's credential-cache key, so that the front door and the guard compute one keyed
   * hash per request; kept with the pair it was computed from (held by the request anyway).
   */
  private readonly keys = new WeakMap<
    object,
    { readonly username: string; readonly password: string; readonly key: string }
  >();

  constructor(
    private readonly accounts: AccountsService,
    private readonly hasher: PasswordHasher,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokens = new TokenCodec(config.secretKey);
    this.cache = new CredentialCache({ ttlMs: config.authCacheSeconds * 1000, maxEntries: 10_000 });
    const limiter = new AuthLimiter({
      pairFailureLimit: config.authFailureLimit,
      clientFailureLimit: config.authClientFailureLimit,
      windowMs: config.authFailureWindowSeconds * 1000,
      clientShare: CLIENT_SHARE,
      usernameAttackThreshold: 4 * config.authFailureLimit,
      usernamePaceMs: USERNAME_PACE_MS,
      familiarMs: FAMILIAR_MS,
      maxKeys: MAX_KEYS,
      now: Date.now,
    });
    this.queue = new VerificationQueue(
      limiter,
      { concurrency: hasher.threads, maxQueuedPerLane: MAX_QUEUED_PER_LANE },
      {
        queueChanged: (queued) => metrics.hashQueueLength.set(queued),
        started: (waitedMs) => metrics.hashWait.observe(waitedMs / 1000),
        refused: (reason) => metrics.authRefused.inc({ reason }),
        cancelled: () => metrics.authCancelled.inc(),
      },
      { now: Date.now, setTimeout },
    );
  }

  /**
   * The active user these credentials belong to, or null. Unknown usernames cost a hash too, so
   * that timing does not tell which exist. Throws `too_many_requests` when the limits refuse the
   * attempt (before any hash).
   */
  async authenticate(
    username: string,
    password: string,
    context: AttemptContext,
  ): Promise<User | null> {
    const place = this.takePlace(context);
    const key = this.keyOf(username, password, context.request);
    if (this.cache.knows(key)) {
      const user = await this.accounts.credentialsOf(username);
      if (user?.isActive && this.cache.lookup(key, user.passwordHash) === user.id) {
        this.metrics.credentialCache.inc({ result: 'hit' });
        if (place) this.queue.release(place);
        return user;
      }
    }
    this.metrics.credentialCache.inc({ result: 'miss' });
    try {
      // Admitted (or refused) as it arrives, before anything is done for it: the user is read
      // from the database in its turn, with its hash.
      return await this.queue.submit(
        {
          attempt: { username: username.toLowerCase(), client: clientKey(context.address) },
          dedupKey: key,
          signal: context.signal,
          run: () => this.verify(username, password, key),
        },
        place,
      );
    } catch (error) {
      throw this.toAppError(error);
    }
  }

  /**
   * At the front door, before the request's body is read: refuses unverified credentials the
   * limits refuse from this address, and otherwise holds the request's place in the hashing queue
   * (the guard's `authenticate` takes it; `releasePlace` gives it back if the request ends first).
   * Credentials verified recently are never refused.
   */
  holdPlace(
    request: object,
    username: string,
    password: string,
    address: string,
  ): AppError | undefined {
    if (this.cache.knows(this.keyOf(username, password, request))) return undefined;
    const held = this.queue.reserve({
      username: username.toLowerCase(),
      client: clientKey(address),
    });
    if (!('state' in held)) return this.toAppError(new RefusedAttemptError(held)) as AppError;
    this.places.set(request, held);
    return undefined;
  }

  releasePlace(request: object): void {
    const held = this.places.get(request);
    if (held) this.queue.release(held);
    this.places.delete(request);
  }

  /**
   * Who calls with this `Authorization` header: HTTP Basic credentials, or an access token from
   * `POST /api/v1/auth/token/` sent as `Bearer <token>`. Throws `unauthorized` without valid
   * ones, and `forbidden` to a user limited to networks the client is not in.
   */
  async callerOf(authorization: string | undefined, context: AttemptContext): Promise<User> {
    const user = await this.userOfAuthorization(authorization, context);
    if (!mayConnectFrom(user.allowedNetworks, context.address)) {
      throw new AppError(
        'forbidden',
        `The user ${user.username} may not connect from ${context.address}`,
      );
    }
    return user;
  }

  private async userOfAuthorization(
    authorization: string | undefined,
    context: AttemptContext,
  ): Promise<User> {
    const bearer = parseBearerAuthorization(authorization);
    if (bearer !== null) {
      const claims = this.tokens.verify(bearer, 'access');
      const user = claims ? await this.accounts.findActiveById(claims.user_id) : null;
      if (!user) throw new AppError('unauthorized', 'the access token is invalid or expired');
      return user;
    }
    const credentials = parseBasicAuthorization(authorization);
    if (!credentials) {
      throw new AppError(
        'unauthorized',
        'authentication required: send HTTP Basic credentials or a bearer token',
      );
    }
    const user = await this.authenticate(credentials.username, credentials.password, context);
    if (!user) throw new AppError('unauthorized', 'invalid username or password');
    return user;
  }

  private keyOf(username: string, password: string, request?: object): string {
    const known = request && this.keys.get(request);
    if (known?.username === username && known.password === password) return known.key;
    const key = this.cache.keyOf(username, password);
    if (request) this.keys.set(request, { username, password, key });
    return key;
  }

  private takePlace(context: AttemptContext): Reservation | undefined {
    if (!context.request) return undefined;
    const held = this.places.get(context.request);
    this.places.delete(context.request);
    return held;
  }

  /** One hash (shared by identical concurrent attempts); a match is remembered. */
  private async verify(
    username: string,
    password: string,
    key: string,
  ): Promise<{ matched: boolean; value: User | null }> {
    const user = await this.accounts.credentialsOf(username);
    if (!user) {
      await this.hasher.verifyDecoy(password);
      return { matched: false, value: null };
    }
    const verification = await this.hasher.verify(password, user.passwordHash);
    if (!verification.ok || !user.isActive) return { matched: false, value: null };
    const upgraded = verification.needsRehash ? await this.hasher.hash(password) : undefined;
    const stored = await this.accounts.recordLogin(user, upgraded);
    this.cache.remember(key, user.id, stored);
    return { matched: true, value: user };
  }

  private toAppError(error: unknown): unknown {
    if (error instanceof RefusedAttemptError) {
      return new AppError('too_many_requests', error.refusal.message, {
        retryAfterSeconds: error.refusal.retryAfterSeconds,
      });
    }
    if (error instanceof CancelledAttemptError) {
      return new AppError(
        'unauthorized',
        'the client went away before its credentials were checked',
      );
    }
    return error;
  }
}
