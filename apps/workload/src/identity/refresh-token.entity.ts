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

/**
 * A refresh token issued and not yet spent: the server-side state that makes rotation work. A
 * token is spent by marking it used; presenting a spent one revokes its whole family.
 */
@Entity({ name: 'refresh_tokens' })
export class RefreshToken {
  /** The token's `jti`. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'integer' })
  @Index('ix_refresh_tokens_user')
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** Every token of one chain of rotations shares the family of the first. */
  @Column({ type: 'varchar', length: 36 })
  @Index('ix_refresh_tokens_family')
  family: string;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;

  @Column({ name: 'used_at', type: Date, nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
