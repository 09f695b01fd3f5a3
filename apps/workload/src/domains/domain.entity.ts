import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'domains' })
export class Domain {
  @PrimaryGeneratedColumn()
  id: number;

  /** Lower-case, without a trailing dot, without the `_acme-challenge.` prefix. */
  @Column({ type: 'varchar', length: 253, unique: true })
  fqdn: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
