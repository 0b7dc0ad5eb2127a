import { ApiProperty } from '@nestjs/swagger';
import type { NotificationDto, NotificationFeed } from '@complaint-desk/contracts';

/** OpenAPI description of a feed item (the response is built from the contract type). */
export class NotificationDoc implements NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['escalated', 'at_risk', 'sweep_failed', 'customer_not_reached'],
    description:
      'escalated: the complaint was escalated (by the sweep or an agent); at_risk: a step passed atRiskAt of its allowed time; ' +
      'sweep_failed: the escalation sweep could not process the complaint and skips it until it changes (GET /api/escalations/quarantine); ' +
      'customer_not_reached: an e-mail to the customer finally failed (the complaint shows customerNotReached until they are reached)',
  })
  kind!: string;
  @ApiProperty({ format: 'uuid' }) complaintId!: string;
  @ApiProperty({ example: 'ACME-2026-000123' }) reference!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: 'One line for the feed; no customer data' }) message!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'escalated: {reason, note, levelAfter, deadline (missed deadline for automatic ones), automatic}; at_risk: {step: acknowledge|update|resolve, deadline}; ' +
      'sweep_failed: {attempts, version}; customer_not_reached: {message: acknowledged|updated|extended|closed, attempts, reason}',
  })
  data!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the caller read it; null while unread' })
  readAt!: string | null;
}

export class NotificationFeedDoc implements NotificationFeed {
  @ApiProperty({ type: [NotificationDoc] }) items!: NotificationDoc[];
  @ApiProperty({ description: "The caller's unread notifications in its clients (all pages)" }) unread!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}
