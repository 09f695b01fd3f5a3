import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { User } from '../accounts/user.entity';

/** A sign-in to the admin pages. The cookie holds a random token; only its keyed hash is stored. */
@Entity({ name: 'admin_sessions' })
export class AdminSession {
  /** HMAC-SHA256 (hex) of the cookie's token under the secret key. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'user_id', type: 'integer' })
  @Index('ix_admin_sessions_user')
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
