import { Module } from '@nestjs/common';
import { CoreModule } from '../common/core.module';
import { TimelineRepository } from './timeline.repository';
import { TimelineWriter } from './timeline-writer';

/**
 * The complaint timeline (`complaint_events`): its repository (every read and write of the table's
 * events) and the writer that appends and publishes events on the ComplaintEventBus.
 */
@Module({ imports: [CoreModule], providers: [TimelineRepository, TimelineWriter], exports: [TimelineRepository, TimelineWriter] })
export class TimelineModule {}
