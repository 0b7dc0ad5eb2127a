import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemField } from '@complaint-desk/contracts';
import { ValidationFailed } from './problem-details.filter';

/** Flattens class-validator's nested errors into `{field: "customer.email", message}` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ProblemField[] {
  const out: ProblemField[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, message: rule === 'whitelistValidation' ? `${field} is not a known field` : message });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** Global pipe: unknown fields rejected, types checked, bodies transformed to DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(flattenValidationErrors(errors)),
  });
}
