import { ApiProperty, PickType } from '@nestjs/swagger';
import { ClientDto, PublicComplaintInfo } from '@complaint-desk/contracts';
import { CreateClientDto } from './client.dto';

/** A client as the API returns it: the settings of CreateClientDto plus id and timestamps. */
export class ClientResponse extends CreateClientDto implements ClientDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** What anyone may read about how a client's complaints are handled (R4.4-c). */
export class PublicComplaintInfoResponse
  extends PickType(CreateClientDto, ['code', 'name', 'complaintInfo'] as const)
  implements PublicComplaintInfo {}
