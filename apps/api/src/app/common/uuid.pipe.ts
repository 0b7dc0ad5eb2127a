import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from './app-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Path ids that are not UUIDs are unknown ids: 404, the same answer as an id of another client.
 * Query parameters that must be UUIDs get a 400 naming the parameter (see `uuidQuery`).
 */
@Injectable()
export class UuidPathPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value ?? '')) throw AppError.notFound();
    return value.toLowerCase();
  }
}
export const uuidPipe = new UuidPathPipe();
