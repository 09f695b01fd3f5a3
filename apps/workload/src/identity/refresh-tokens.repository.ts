import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Repository } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

/** The `refresh_tokens` table: every query on it, and the only code that writes it. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>) {}

  async insert(token: Pick<RefreshToken, 'id' | 'userId' | 'family' | 'expiresAt'>): Promise<void> {
    await this.tokens.insert({ ...token, usedAt: null });
  }

  /** Marks an unused token used; false when it was used already (or never issued). */
  async spend(id: string): Promise<boolean> {
    const result = await this.tokens.update({ id, usedAt: IsNull() }, { usedAt: new Date() });
    return result.affected === 1;
  }

  async deleteFamily(family: string): Promise<void> {
    await this.tokens.delete({ family });
  }

  async deleteAllOf(userId: number): Promise<void> {
    await this.tokens.delete({ userId });
  }

  async deleteExpiredOf(userId: number): Promise<void> {
    await this.tokens.delete({ userId, expiresAt: LessThan(new Date()) });
  }
}
