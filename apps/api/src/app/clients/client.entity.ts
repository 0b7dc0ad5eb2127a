import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { BusinessHoursDto, CategoryDto, PolicyDto } from '@complaint-desk/contracts';

/** A client of the contact centre, with the complaint process agreed with it (R4.4-b). */
@Entity('clients')
export class ClientEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 12 }) code!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 64 }) timezone!: string;
  @Column({ name: 'business_hours', type: 'jsonb' }) businessHours!: BusinessHoursDto;
  @Column({ type: 'jsonb' }) holidays!: string[];
  @Column({ type: 'jsonb' }) policy!: PolicyDto;
  @Column({ type: 'jsonb' }) categories!: CategoryDto[];
  @Column({ name: 'complaint_info', type: 'text' }) complaintInfo!: string;
  @VersionColumn() version!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
