export const ROLES = ['agent', 'team_lead', 'client_viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface LoginRequest {
  email: string;
  password: string;
}
export interface UserDto {
  id: string;
  email: string;
  role: Role;
  clientIds: string[];
  active?: boolean;
  createdAt?: string;
}
export interface LoginResponse {
  accessToken: string;
  /** Seconds until the token expires. */
  expiresIn?: number;
  user: UserDto;
}
export interface CreateUserRequest {
  email: string;
  password: string;
  role: Role;
  clientIds: string[];
}
export interface UpdateUserRequest {
  role?: Role;
  clientIds?: string[];
  password?: string;
  active?: boolean;
}
