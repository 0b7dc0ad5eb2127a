import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/config';
import { commonPasswords, passwordProblem } from './password-policy';

describe('password policy (contract Part 2, sessions and abuse; R4.5-f)', () => {
  it('knows at least 10,000 common passwords, loaded once into a Set', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect(commonPasswords()).toBe(list);
    expect(list.has('password1234')).toBe(true);
  });

  it.each([
    ['', /at least 12 characters/],
    ['elevenchars', /at least 12 characters/],
    ['x'.repeat(201), /at most 200 characters/],
    [' '.repeat(12), /only whitespace/],
    ['\t\n \u00a0'.repeat(4), /only whitespace/],
    ['aaaaaaaaaaaa', /5 different characters/],
    ['abababababab', /5 different characters/],
    ['password1234', /commonly used/],
    ['PassWord1234', /commonly used/],
    [' password1234 ', /commonly used/],
    ['qazwsxedcrfv', /commonly used/],
    ['1q2w3e4r5t6y', /commonly used/],
  ])('%j is refused (%s)', (password, message) => {
    expect(passwordProblem(password, 'eva.svensson@example.org')).toMatch(message);
  });

  it.each([
    ['eva.svensson@example.org', 'the address itself'],
    ['EVA.Svensson@Example.ORG', 'in another case'],
    ['eva.svensson@example.org!', 'the address with a suffix'],
    ['eva.svensson', 'the local part (12 characters)'],
  ])('the user’s own e-mail is refused: %j (%s)', (password) => {
    expect(passwordProblem(password, 'Eva.Svensson@example.org')).toMatch(/e-mail/);
  });

  it.each([
    'correct horse battery',
    'demo-password',
    'a-long-password-1',
    'Ölkorv & smörgås 7',
    'x'.repeat(195) + 'abcde',
    '👍🏽 thumbs up, sir',
  ])('%j is accepted', (password) => {
    expect(passwordProblem(password, 'eva.svensson@example.org')).toBeNull();
  });

  it('counts characters, not UTF-16 units: 12 emoji are 12 characters', () => {
    expect(passwordProblem('🐱🐶🐭🐹🐰🦊🐻🐼🐨🐯🦁🐮', null)).toBeNull();
    expect(passwordProblem('🐱🐶🐭🐹🐰🦊', null)).toMatch(/at least 12/);
  });
});

describe('ADMIN_PASSWORD at start-up follows the password policy', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const load = (password: string) => {
    const d = mkdtempSync(join(tmpdir(), 'cd-pw-'));
    dirs.push(d);
    return loadConfig({
      DATA_DIR: d,
      DEMO: 'false',
      JWT_SECRET: 'x'.repeat(40),
      ADMIN_EMAIL: 'boss@ccc.example',
      ADMIN_PASSWORD: password,
    });
  };

  it.each([
    ['short-pw', /ADMIN_PASSWORD must be at least 12 characters/],
    ['password1234', /ADMIN_PASSWORD is a commonly used password/],
    ['BOSS@ccc.example', /ADMIN_PASSWORD must not be the e-mail address/],
    [' '.repeat(14), /ADMIN_PASSWORD must not be only whitespace/],
  ])('refuses to start with %j, naming ADMIN_PASSWORD and the rule', (password, message) => {
    let error: unknown;
    try {
      load(password);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).not.toContain(password.trim() || '\u0000'); // the secret itself is not echoed
  });

  it('starts with an acceptable one', () => {
    expect(load('a-very-long-password').adminPassword).toBe('a-very-long-password');
  });
});
