import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationDto, NotificationFeed } from '@complaint-desk/contracts';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { uuidPipe } from '../common/uuid.pipe';
import { NotificationFeedQueryDto } from './dto/notification-feed-query.dto';
import { NotificationDoc, NotificationFeedDoc } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { ApiProblems } from '../common/dto/problem-details.response';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
@Roles('team_lead')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Team-lead feed: escalations and at-risk notices (team_lead, admin)',
    description:
      'Notifications of the clients the caller serves (admin: all), newest first, keyset-paginated (`cursor` = the previous ' +
      "page's `nextCursor`). `unread` counts the caller's unread notifications in that scope; read state is per user. " +
      'A notification is written when a complaint is escalated (by the system sweep — `kind: "escalated"`, ' +
      '`data.automatic: true` — or by an agent) and once per deadline when a step becomes at risk (`kind: "at_risk"`, ' +
      "after the client's `atRiskAt` fraction of the allowed time). The same notice is e-mailed to the client's team leads. " +
      'Agents and client viewers get 403.',
  })
  @ApiOkResponse({ type: NotificationFeedDoc })
  @ApiProblems(400, 401, 403)
  feed(@CurrentUser() p: Principal, @Query() q: NotificationFeedQueryDto): Promise<NotificationFeed> {
    return this.notifications.feed(p, q);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: "Mark every notification in the caller's scope read → {marked}" })
  @ApiOkResponse({ schema: { type: 'object', required: ['marked'], properties: { marked: { type: 'integer', minimum: 0 } } } })
  @ApiProblems(401, 403)
  readAll(@CurrentUser() p: Principal): Promise<{ marked: number }> {
    return this.notifications.markAllRead(p);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one notification read for the caller (idempotent) → the notification; 404 outside its clients' })
  @ApiOkResponse({ type: NotificationDoc })
  @ApiProblems(401, 403, 404)
  read(@CurrentUser() p: Principal, @Param('id', uuidPipe) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(p, id);
  }
}
