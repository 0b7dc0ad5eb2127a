import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientDto, PublicComplaintInfo } from '@complaint-desk/contracts';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { uuidPipe } from '../common/uuid.pipe';
import { RawBody } from '../common/validation';
import { ClientsService } from './clients.service';
import { ApiProblems } from '../common/dto/problem-details.response';
import { CreateClientDto, UpdateClientDto } from './dto/client.dto';
import { ClientResponse, PublicComplaintInfoResponse } from './dto/client.response';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a client with its agreed complaint process (R4.4-b). Duplicate code → 409.',
    description:
      'Malformed settings → 400; well-formed but inconsistent ones (overlapping business hours, a week without business hours, duplicate category or root-cause codes) → 422.',
  })
  @ApiCreatedResponse({ type: ClientResponse })
  @ApiProblems(400, 401, 403, 409, 413, 422)
  create(@Body() dto: CreateClientDto): Promise<ClientDto> {
    return this.clients.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'Clients the caller serves, with categories and policy' })
  @ApiOkResponse({ type: ClientResponse, isArray: true })
  @ApiProblems(401)
  list(@CurrentUser() p: Principal): Promise<ClientDto[]> {
    return this.clients.list(p);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One client (404 when the caller does not serve it)' })
  @ApiOkResponse({ type: ClientResponse })
  @ApiProblems(401, 404)
  get(@CurrentUser() p: Principal, @Param('id', uuidPipe) id: string): Promise<ClientDto> {
    return this.clients.get(p, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a client; a policy change applies to complaints registered afterwards',
    description:
      'An unknown id → 404 whatever the body; then malformed fields → 400 (null for any field too); inconsistent merged settings → 422.',
  })
  @ApiOkResponse({ type: ClientResponse })
  @ApiBody({ type: UpdateClientDto })
  @ApiProblems(400, 401, 403, 404, 413, 422)
  update(@Param('id', uuidPipe) id: string, @RawBody() body: unknown): Promise<ClientDto> {
    return this.clients.update(id, body);
  }
}

@ApiTags('public')
@Controller('public/clients')
export class PublicClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get(':code/complaint-info')
  @Public()
  @ApiOperation({ summary: 'Where and how to complain and how complaints are handled (R4.4-c); no sign-in' })
  @ApiOkResponse({ type: PublicComplaintInfoResponse })
  @ApiProblems(404)
  info(@Param('code') code: string): Promise<PublicComplaintInfo> {
    return this.clients.publicInfo(code);
  }
}
