import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { AdminSession } from './admin-session.entity';

/** The `admin_sessions` table: every query on it, and the only code that writes it. */
@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(AdminSession) private readonly sessions: Repository<AdminSession>,
  ) {}

  async insert(session: Pick<AdminSession, 'id' | 'userId' | 'expiresAt'>): Promise<void> {
    await this.sessions.insert(session);
  }

  /** The session with its user. */
  findWithUser(id: string): Promise<AdminSession | null> {
    return this.sessions.findOne({ where: { id }, relations: { user: true } });
  }

  async deleteExpired(): Promise<void> {
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
  }

  async delete(id: string): Promise<void> {
    await this.sessions.delete({ id });
  }

  async deleteAllOf(userId: number): Promise<void> {
    await this.sessions.delete({ userId });
  }
}
