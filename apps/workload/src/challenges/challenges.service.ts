import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { mayManage } from '../domains/authorization';
import { ACME_CHALLENGE_PREFIX } from '../domains/domain-name';
import { DomainsService } from '../domains/domains.service';
import type { ChangeKind, ChangeOutcome } from '../records/record-change';
import { RecordStore } from '../records/record-store';
import { zoneFileName } from '../records/zone-file';
import type { ChallengeRequest } from './challenge.schema';

@Injectable()
export class ChallengesService {
  constructor(
    private readonly domains: DomainsService,
    private readonly store: RecordStore,
    private readonly logger: PinoLogger,
  ) {}

  /**
   * Publishes or withdraws a challenge value for an authorised user; resolves once the change is
   * pushed (or was already in place).
   */
  async change(kind: ChangeKind, user: User, request: ChallengeRequest): Promise<ChangeOutcome> {
    const name = `${ACME_CHALLENGE_PREFIX}${request.domain}`;
    // Authorisation comes first, so that a stranger learns nothing about the repository.
    if (!mayManage(request.domain, await this.domains.grantsOf(user.id))) {
      throw new AppError(
        'forbidden',
        `The user ${user.username} does not have permission to manage ${name}`,
      );
    }
    const outcome = await this.store.submit({
      kind,
      name,
      value: request.value,
      username: user.username,
    });
    // Joins the request's log line: which name, what was done, and in which commit.
    this.logger.assign({
      record: {
        name,
        operation: kind,
        mode: request.mode,
        outcome: outcome.status,
        ...(outcome.status === 'applied' ? { commit: outcome.commit } : {}),
      },
    });
    if (outcome.status === 'zone_not_found') {
      throw new AppError(
        'zone_not_found',
        `no zone file in the repository covers ${name} (looked for ${outcome.candidates.map(zoneFileName).join(', ')}); is this zone configured for DNS?`,
      );
    }
    if (outcome.status === 'zone_invalid') {
      throw new AppError(
        'zone_file_invalid',
        `${zoneFileName(outcome.zone)} cannot be edited safely: ${outcome.reason}`,
      );
    }
    return outcome;
  }
}
