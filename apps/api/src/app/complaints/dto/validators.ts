import { registerDecorator, ValidationOptions } from 'class-validator';

/** ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`), as the contract requires. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function IsIsoDateTimeWithOffset(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoDateTimeWithOffset',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 date-time with offset, e.g. 2026-11-20T09:30:00+01:00`, ...options },
      validator: {
        validate: (v: unknown) => typeof v === 'string' && ISO_WITH_OFFSET.test(v) && !Number.isNaN(Date.parse(v)),
      },
    });
}

/** Not only white space (the text itself is stored exactly as given). */
export const NOT_BLANK = /\S/;
