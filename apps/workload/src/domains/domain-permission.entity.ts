import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import type { AccessLevel } from './access-level';
import { Domain } from './domain.entity';

@Entity({ name: 'domain_permissions' })
@Index('uq_domain_permissions_user_domain_level', ['userId', 'domainId', 'accessLevel'], {
  unique: true,
})
@Check('ck_domain_permissions_access_level', `"access_level" IN ('domain', 'subdomain')`)
export class DomainPermission {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'domain_id', type: 'integer' })
  @Index('ix_domain_permissions_domain')
  domainId: number;

  @ManyToOne(() => Domain, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'domain_id' })
  domain?: Domain;

  @Column({ name: 'access_level', type: 'varchar', length: 9 })
  accessLevel: AccessLevel;

  /** A free note (the Python service's `text`): why the grant exists, a ticket, an owner. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  text: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
