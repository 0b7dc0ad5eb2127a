import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { UserRepository } from './user.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Users, their roles and clients. Imported by AuthModule (sign-in, the guard's principal), which users/ never needs. */
@Module({
  imports: [ClientsModule],
  controllers: [UsersController],
  providers: [UsersService, UserRepository],
  exports: [UsersService, UserRepository],
})
export class UsersModule {}
