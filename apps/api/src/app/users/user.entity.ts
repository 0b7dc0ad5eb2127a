import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@complaint-desk/contracts';
import { ClientEntity } from '../clients/client.entity';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 254 }) email!: string;
  @Column({ name: 'password_hash', type: 'text', select: false }) passwordHash!: string;
  @Column({ type: 'varchar', length: 20 }) role!: Role;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** Bumped to revoke every token issued before (claim `tv`). */
  @Column({ name: 'token_version', type: 'integer', default: 0, select: false }) tokenVersion!: number;
  @ManyToMany(() => ClientEntity)
  @JoinTable({ name: 'user_clients', joinColumn: { name: 'user_id' }, inverseJoinColumn: { name: 'client_id' } })
  clients!: ClientEntity[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
