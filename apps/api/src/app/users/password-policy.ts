import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * The password policy (contract Part 2, "Sessions and abuse"; R4.5-f): 12–200 characters, not only
 * whitespace, at least 5 different characters (`aaaaaaaaaaaa`, `abababababab`), not the user's
 * e-mail address or its local part (case-insensitive), and not on a list of common passwords
 * (the 49,233 of `@zxcvbn-ts/language-common`, compared case-insensitively). Applies to
 * POST /api/users, PATCH /api/users/:id and ADMIN_PASSWORD at start-up — not to sign-in.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
export const PASSWORD_MIN_DISTINCT = 5;

export const PASSWORD_POLICY_TEXT =
  `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters, not only whitespace, at least ${PASSWORD_MIN_DISTINCT} different characters, ` +
  'not the user’s e-mail address, not a commonly used password';

let common: ReadonlySet<string> | null = null;

/** The common-password list, loaded once (on first use: decompressing it takes ~0.2 s). */
export function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  }
  return common;
}

const length = (s: string) => [...s].length;

/** The first rule `password` breaks (a sentence naming it), or null when it is acceptable. */
export function passwordProblem(password: unknown, email?: string | null): string | null {
  if (typeof password !== 'string') return 'password must be a string';
  const n = length(password);
  if (n < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (n > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  return passwordContentProblem(password, email);
}

/** The rules beyond the length (which the DTOs check with MinLength/MaxLength). */
function passwordContentProblem(password: string, email?: string | null): string | null {
  if (password.trim() === '') return 'password must not be only whitespace';
  if (new Set(password).size < PASSWORD_MIN_DISTINCT) return `password must use at least ${PASSWORD_MIN_DISTINCT} different characters`;
  const folded = password.trim().toLowerCase();
  if (typeof email === 'string' && email.trim()) {
    const address = email.trim().toLowerCase();
    const local = address.split('@')[0];
    if (folded.includes(address) || folded === local) return 'password must not be the e-mail address';
  }
  if (commonPasswords().has(folded) || commonPasswords().has(password.toLowerCase())) {
    return 'password is a commonly used password; choose another';
  }
  return null;
}

/**
 * DTO rule: `password` follows the policy (length is left to MinLength/MaxLength, so a short
 * password gets one message). `emailProperty` names the sibling field holding the user's e-mail.
 */
export function IsAcceptablePassword(emailProperty?: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          if (typeof value !== 'string') return true; // IsString reports it
          const n = length(value);
          if (n < PASSWORD_MIN_LENGTH || n > PASSWORD_MAX_LENGTH) return true; // MinLength / MaxLength report it
          const email = emailProperty ? (args.object as Record<string, unknown>)[emailProperty] : null;
          return passwordContentProblem(value, typeof email === 'string' ? email : null) === null;
        },
        defaultMessage(args: ValidationArguments): string {
          const email = emailProperty ? (args.object as Record<string, unknown>)[emailProperty] : null;
          return passwordContentProblem(String(args.value), typeof email === 'string' ? email : null) ?? 'password is not acceptable';
        },
      },
    });
  };
}
