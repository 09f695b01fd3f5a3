import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { mayManage } from '../domains/authorization';
import { parseNetwork } from '@hlp/config';
import { isInNetworks } from '../identity/networks';
import { changeLogFields, outcomeError } from '../records/change-report';
import { RecordStore } from '../records/record-store';
import { AcmeDnsAccounts } from './acme-dns-accounts';
import {
  type AcmeDnsAccount,
  AcmeDnsError,
  type AcmeDnsUpdate,
  isAcmeDnsSubdomain,
  isAcmeDnsTxt,
} from './wire';

/** The acme-dns API over our users, grants and record store. */
@Injectable()
export class AcmeDnsService {
  private readonly zone: string;

  constructor(
    private readonly accounts: AcmeDnsAccounts,
    private readonly store: RecordStore,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.zone = config.acmeDnsZone ?? '';
  }

  /** `POST /register`, when registration is open to this client. */
  async register(client: string, allowFrom: readonly string[]): Promise<AcmeDnsAccount> {
    if (this.config.acmeDnsRegistration === 'closed') {
      throw new AppError(
        'not_found',
        'registration is closed on this server: an administrator registers accounts (lego-provider acme-dns register, POST /api/v1/acme-dns/accounts/ or /admin/acme-dns)',
      );
    }
    const networks = this.config.acmeDnsRegistrationNetworks.map(parseNetwork);
    if (networks.length > 0 && !isInNetworks(client, networks)) {
      throw new AppError('forbidden', `registration is not open to ${client}`);
    }
    const account = await this.accounts.register(allowFrom);
    this.logger.assign({ acmeDns: { registered: account.username } });
    return account;
  }

  /**
   * `POST /update`: the value becomes the newest of the two kept at `<subdomain>.<zone>`; resolves
   * once pushed. Checked in acme-dns's order (auth.go, then api.go webUpdatePost).
   */
  async update(user: User, request: AcmeDnsUpdate): Promise<void> {
    const name = `${request.subdomain.toLowerCase()}.${this.zone}`;
    if (!mayManage(name, await this.accounts.grantsOf(user.id))) {
      throw new AcmeDnsError('forbidden', `${user.username} may not manage ${name}`);
    }
    if (!isAcmeDnsSubdomain(request.subdomain)) throw new AcmeDnsError('bad_subdomain');
    if (!isAcmeDnsTxt(request.txt)) throw new AcmeDnsError('bad_txt');
    const change = { kind: 'update' as const, name, value: request.txt, username: user.username };
    const outcome = await this.store.submit(change);
    this.logger.assign({ record: changeLogFields(change, outcome) });
    const error = outcomeError(name, outcome);
    if (error) throw error;
  }
}
