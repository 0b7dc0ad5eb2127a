import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  ComplaintActionName,
  ComplaintDetailDto,
  ComplaintDto,
  ComplaintListQuery,
  Page,
  RegisterComplaintRequest,
  UserDto,
} from '@complaint-desk/contracts';

/** Thin typed client of /api/complaints (its contract: the OpenAPI document the API serves at /api/docs-json). */
@Injectable({ providedIn: 'root' })
export class ComplaintsApi {
  private readonly http = inject(HttpClient);

  list(query: ComplaintListQuery): Promise<Page<ComplaintDto>> {
    let params = new HttpParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params = params.set(k, String(v));
    }
    return firstValueFrom(this.http.get<Page<ComplaintDto>>('/api/complaints', { params }));
  }

  get(id: string): Promise<ComplaintDetailDto> {
    return firstValueFrom(this.http.get<ComplaintDetailDto>(`/api/complaints/${encodeURIComponent(id)}`));
  }

  register(body: RegisterComplaintRequest, idempotencyKey: string): Promise<ComplaintDto> {
    return firstValueFrom(
      this.http.post<ComplaintDto>('/api/complaints', body, { headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }) }),
    );
  }

  /** A lifecycle action, guarded by the version the user was looking at (If-Match). */
  action(id: string, action: ComplaintActionName, body: object, version: number): Promise<ComplaintDto> {
    return firstValueFrom(
      this.http.post<ComplaintDto>(`/api/complaints/${encodeURIComponent(id)}/${action}`, body, {
        headers: new HttpHeaders({ 'If-Match': String(version) }),
      }),
    );
  }

  assignable(clientId: string): Promise<UserDto[]> {
    return firstValueFrom(this.http.get<UserDto[]>('/api/users/assignable', { params: { clientId } }));
  }
}
