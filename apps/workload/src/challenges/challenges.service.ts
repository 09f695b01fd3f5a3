import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { User } from '../accounts/user.entity';
import { AppError } from '../common/app-error';
import { mayManage } from '../domains/authorization';
import { ACME_CHALLENGE_PREFIX } from '../domains/domain-name';
import { DomainsService } from '../domains/domains.service';
import type { ChangeKind, ChangeOutcome } from '../records/record-change';
import { changeLogFields, outcomeError } from '../records/change-report';
import { RecordStore } from '../records/record-store';
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
    const change = { kind, name, value: request.value, username: user.username };
    const outcome = await this.store.submit(change);
    this.logger.assign({ record: { ...changeLogFields(change, outcome), mode: request.mode } });
    const error = outcomeError(name, outcome);
    if (error) throw error;
    return outcome;
  }
}
