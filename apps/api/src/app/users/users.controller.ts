import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { UserDto } from '@complaint-desk/contracts';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { ApiProblems } from '../common/dto/problem-details.response';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';
import { uuidPipe } from '../common/uuid.pipe';
import { RawBody, validateBody } from '../common/validation';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user (admin). Password material is never returned.' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(400, 401, 403, 409, 413, 422)
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List users (admin)' })
  @ApiOkResponse({ type: UserResponse, isArray: true })
  @ApiProblems(401, 403)
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(401)
  me(@CurrentUser() p: Principal): Promise<UserDto> {
    return this.users.get(p.id);
  }

  @Get('assignable')
  @Roles('team_lead', 'agent')
  @ApiOperation({ summary: 'Agents and team leads who serve a client (for assign)' })
  @ApiQuery({ name: 'clientId', required: true })
  @ApiOkResponse({ type: UserResponse, isArray: true })
  @ApiProblems(401, 403, 404)
  assignable(@CurrentUser() p: Principal, @Query('clientId', uuidPipe) clientId: string): Promise<UserDto[]> {
    return this.users.assignableFor(p, clientId);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One user (admin)' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(401, 403, 404)
  get(@Param('id', uuidPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change role, clients, password or deactivate (admin)',
    description:
      'A new password, role or client list, or a change of `active`, revokes every token issued to that user before ' +
      '(401 afterwards; the user signs in again). A PATCH that changes none of them revokes nothing.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiBody({ type: UpdateUserDto })
  @ApiProblems(400, 401, 403, 404, 413, 422)
  async update(@Param('id', uuidPipe) id: string, @RawBody() body: unknown): Promise<UserDto> {
    // Contract "Which answer wins": an unknown id is 404 whatever the body; then the fields (400).
    await this.users.get(id);
    return this.users.update(id, await validateBody(UpdateUserDto, body));
  }
}
