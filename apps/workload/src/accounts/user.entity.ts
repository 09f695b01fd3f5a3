import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * Usernames are unique whatever their case: a unique index on `lower(username)`, which TypeORM
 * cannot declare, so it is created by the UsernamesUniqueIgnoringCase migrations and left alone
 * here. A SQLite migration that rebuilds `users` must create it again (a test checks it exists).
 */
export const USERNAME_LOWER_INDEX = 'IDX_users_username_lower';

@Entity({ name: 'users' })
@Index(USERNAME_LOWER_INDEX, { synchronize: false })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  /** Django's rule, so that users of the Python service keep their names: [\w.@+-]{1,150}. */
  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 254, default: '' })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;

  @Column({ name: 'last_login_at', type: Date, nullable: true })
  lastLoginAt: Date | null;

  /** Comma-separated networks (CIDR) the user may connect from; null: anywhere. */
  @Column({ name: 'allowed_networks', type: 'varchar', length: 2048, nullable: true })
  allowedNetworks: string | null;
}
