import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  ClientDto,
  CreateClientRequest,
  CreateUserRequest,
  UpdateClientRequest,
  UpdateUserRequest,
  UserDto,
} from '@complaint-desk/contracts';

/** Admin endpoints: clients (with policy and calendar) and users. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  clients(): Promise<ClientDto[]> {
    return firstValueFrom(this.http.get<ClientDto[]>('/api/clients'));
  }
  client(id: string): Promise<ClientDto> {
    return firstValueFrom(this.http.get<ClientDto>(`/api/clients/${encodeURIComponent(id)}`));
  }
  createClient(body: CreateClientRequest): Promise<ClientDto> {
    return firstValueFrom(this.http.post<ClientDto>('/api/clients', body));
  }
  updateClient(id: string, body: UpdateClientRequest): Promise<ClientDto> {
    return firstValueFrom(this.http.patch<ClientDto>(`/api/clients/${encodeURIComponent(id)}`, body));
  }
  users(): Promise<UserDto[]> {
    return firstValueFrom(this.http.get<UserDto[]>('/api/users'));
  }
  createUser(body: CreateUserRequest): Promise<UserDto> {
    return firstValueFrom(this.http.post<UserDto>('/api/users', body));
  }
  updateUser(id: string, body: UpdateUserRequest): Promise<UserDto> {
    return firstValueFrom(this.http.patch<UserDto>(`/api/users/${encodeURIComponent(id)}`, body));
  }
}
