import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { UserDto } from '@complaint-desk/contracts';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';
import { uuidPipe } from '../common/uuid.pipe';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user (admin). Password material is never returned.' })
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List users (admin)' })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentUser() p: Principal): Promise<UserDto> {
    return this.users.get(p.id);
  }

  @Get('assignable')
  @Roles('team_lead', 'agent')
  @ApiOperation({ summary: 'Agents and team leads who serve a client (for assign)' })
  @ApiQuery({ name: 'clientId', required: true })
  assignable(@CurrentUser() p: Principal, @Query('clientId', uuidPipe) clientId: string): Promise<UserDto[]> {
    return this.users.assignableFor(p, clientId);
  }

  @Get(':id')
  @Roles('admin')
  get(@Param('id', uuidPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change role, clients, password or deactivate (admin)' })
  update(@Param('id', uuidPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(id, dto);
  }
}

