import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The module boundaries of the house style hold because lint enforces them: these fixtures are what a
 * careless import would look like, linted as if they were files of each project.
 */
describe('module boundaries (Nx tags, enforced by lint)', () => {
  jest.setTimeout(120000);
  const root = join(__dirname, '..', '..', '..');
  // ESLint runs in its own process: its flat config is ESM, which jest's VM cannot import.
  const lint = async (file: string, code: string): Promise<string[]> => {
    const r = spawnSync(process.execPath, [require.resolve('eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'], {
      cwd: root,
      input: code,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    const [result] = JSON.parse(r.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  };

  it('the domain lib may not import NestJS, TypeORM, Angular, class-validator or rxjs', async () => {
    const pkgs = ['@nestjs/common', 'typeorm', '@angular/core', 'class-validator', 'rxjs'];
    const code = pkgs.map((p, i) => `import * as x${i} from '${p}';\nexport const y${i} = x${i};\n`).join('');
    const messages = (await lint('libs/domain/src/lib/fixture.ts', code)).join('\n');
    for (const pkg of pkgs) expect(messages).toContain(`is not allowed to import "${pkg}"`);
  });

  it('the domain lib may import luxon', async () => {
    expect(await lint('libs/domain/src/lib/fixture.ts', `import { DateTime } from 'luxon';\nexport const y = DateTime;\n`)).toEqual([]);
  });

  it('shared libs may not import an app, and the contracts lib no framework', async () => {
    const messages = await lint('libs/contracts/src/lib/fixture.ts', `import { Injectable } from '@nestjs/common';\nexport const y = Injectable;\n`);
    expect(messages.length).toBeGreaterThan(0);
  });
});
