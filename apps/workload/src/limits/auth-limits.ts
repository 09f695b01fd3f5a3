import { Inject, Injectable } from '@nestjs/common';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LoginThrottle } from './login-throttle';
import { isInNetworks, parseNetwork } from './networks';

/** Why a client may not even try: its address, or the username it tries, failed too often. */
export type Block =
  { readonly by: 'address' | 'username'; readonly retryAfterSeconds: number } | undefined;

/**
 * The abuse limits around authentication: failed attempts throttled per client address and per
 * username, and the networks a user may connect from.
 */
@Injectable()
export class AuthLimits {
  private readonly throttle: LoginThrottle;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.throttle = new LoginThrottle({
      maxFailures: config.authFailureLimit,
      windowMs: config.authFailureWindowSeconds * 1000,
    });
  }

  blocked(client: string, username: string | undefined): Block {
    const byAddress = this.throttle.blockedFor(`address:${client}`);
    if (byAddress > 0) return { by: 'address', retryAfterSeconds: Math.ceil(byAddress / 1000) };
    const byUsername =
      username === undefined ? 0 : this.throttle.blockedFor(`username:${username}`);
    if (byUsername > 0) return { by: 'username', retryAfterSeconds: Math.ceil(byUsername / 1000) };
    return undefined;
  }

  failed(client: string, username: string | undefined): void {
    this.throttle.recordFailure(`address:${client}`);
    if (username !== undefined) this.throttle.recordFailure(`username:${username}`);
  }

  tooMany(block: NonNullable<Block>): AppError {
    return new AppError(
      'too_many_requests',
      `too many failed authentications ${block.by === 'address' ? 'from this address' : 'for this user'}: retry in ${block.retryAfterSeconds} s`,
      { retryAfterSeconds: block.retryAfterSeconds },
    );
  }

  /**
   * Runs a credential check under the limits: a blocked address is refused at once; for a
   * username that is being guessed, only credentials verified before pass (`allowHashing` is then
   * false); each failure (an `unauthorized` error) is counted against the address and the name.
   */
  async attempt<T>(
    client: string,
    username: string | undefined,
    check: (allowHashing: boolean) => Promise<T>,
  ): Promise<T> {
    const block = this.blocked(client, username);
    if (block?.by === 'address') throw this.tooMany(block);
    try {
      return await check(block === undefined);
    } catch (error) {
      if (block) throw this.tooMany(block);
      if (error instanceof AppError && error.code === 'unauthorized') this.failed(client, username);
      throw error;
    }
  }

  /** Refuses a user who is limited to some networks when the client is outside them. */
  checkNetwork(user: User, client: string): void {
    if (!user.allowedNetworks) return;
    const networks = user.allowedNetworks.split(',').map(parseNetwork);
    if (!isInNetworks(client, networks)) {
      throw new AppError('forbidden', `The user ${user.username} may not connect from ${client}`);
    }
  }
}
