import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientEntity } from './client.entity';
import { ClientRepository } from './client.repository';
import { ClientsController, PublicClientsController } from './clients.controller';
import { ClientsService } from './clients.service';

@Module({
  imports: [TypeOrmModule.forFeature([ClientEntity])],
  controllers: [ClientsController, PublicClientsController],
  providers: [ClientsService, ClientRepository],
  exports: [ClientsService, ClientRepository],
})
export class ClientsModule {}
