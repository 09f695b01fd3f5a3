import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { User } from '../accounts/user.entity';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SessionsRepository } from './sessions.repository';

export interface StartedSession {
  /** What the cookie carries. */
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Admin sign-ins, kept in the database so that every unit knows them and signing out (or a new
 * secret key) ends them. Only administrators who are still active have a usable session.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private idOf(token: string): string {
    return createHmac('sha256', this.config.secretKey)
      .update(`admin-session:${token}`)
      .digest('hex');
  }

  async start(userId: number): Promise<StartedSession> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.adminSessionSeconds * 1000);
    await this.sessions.deleteExpired();
    await this.sessions.insert({ id: this.idOf(token), userId, expiresAt });
    return { token, expiresAt };
  }

  /** The administrator signed in with this token, or null. */
  async resolve(token: string): Promise<User | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const session = await this.sessions.findWithUser(this.idOf(token));
    if (!session?.user) return null;
    if (session.expiresAt.getTime() <= Date.now()) {
      await this.sessions.delete(session.id);
      return null;
    }
    const { user } = session;
    return user.isActive && user.isAdmin ? user : null;
  }

  async end(token: string): Promise<void> {
    await this.sessions.delete(this.idOf(token));
  }

  /** Signs a user out everywhere. */
  async endAll(userId: number): Promise<void> {
    await this.sessions.deleteAllOf(userId);
  }
}
