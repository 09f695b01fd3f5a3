import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics';
import { HashPool } from './hash-pool';
import {
  CURRENT_PARAMETERS,
  hashPassword,
  type ScryptParameters,
  type Verification,
  verifyPassword,
} from './password-hashing';

/**
 * Password hashing on threads of its own (see HashPool): the one seam through which the service
 * hashes. Whoever calls `verify` for a client's attempt goes through the VerificationQueue first.
 */
@Injectable()
export class PasswordHasher implements OnModuleDestroy {
  private readonly pool: HashPool;
  private readonly cost: ScryptParameters;
  /** A hash of a password nobody has, so that checking an unknown user costs as much as a known one. */
  private decoy?: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.pool = new HashPool(config.authHashThreads);
    this.cost = config.passwordCost ?? CURRENT_PARAMETERS;
  }

  get threads(): number {
    return this.pool.size;
  }

  hash(password: string): Promise<string> {
    return hashPassword(this.pool, password, this.cost);
  }

  async verify(password: string, stored: string): Promise<Verification> {
    const verification = await verifyPassword(this.pool, password, stored, this.cost);
    this.metrics.passwordHashes.inc({ result: verification.ok ? 'match' : 'mismatch' });
    return verification;
  }

  /** Costs what a real verification costs, for usernames that do not exist. */
  async verifyDecoy(password: string): Promise<void> {
    this.decoy ??= hashPassword(this.pool, randomBytes(16).toString('hex'), this.cost);
    await verifyPassword(this.pool, password, await this.decoy, this.cost);
    this.metrics.passwordHashes.inc({ result: 'unknown_user' });
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
