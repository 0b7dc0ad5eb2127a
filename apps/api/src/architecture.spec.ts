import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * The module boundaries of the house style hold because lint enforces them: these fixtures are what a
 * careless import would look like, linted as if they were files of each project.
 */
describe('module boundaries (Nx tags, enforced by lint)', () => {
  jest.setTimeout(120000);
  const root = join(__dirname, '..', '..', '..');
  // ESLint runs in its own process: its flat config is ESM, which jest's VM cannot import.
  const lint = async (file: string, code: string): Promise<string[]> => {
    const r = spawnSync(
      process.execPath,
      [require.resolve('eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'],
      {
        cwd: root,
        input: code,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false' },
      },
    );
    // Nx may print a warning line (e.g. no cached project graph yet) before ESLint's JSON report.
    const json = r.stdout.slice(r.stdout.indexOf('[{'));
    const [result] = JSON.parse(json) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
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

  // The api app has no import alias: code of another project can only reach it by a relative path, or a
  // workspace-absolute one through the root tsconfig's baseUrl. Both are what the rule must refuse.
  const apiImports = {
    console: ['../../../api/src/app/common/clock', 'apps/api/src/app/common/clock'],
    lib: ['../../../../apps/api/src/app/common/clock', 'apps/api/src/app/common/clock'],
  };
  const importing = (path: string) => `import { Clock } from '${path}';\nexport const y = Clock;\n`;
  const CROSS_PROJECT = 'Projects cannot be imported by a relative or absolute path';

  it('the console may not import api code', async () => {
    for (const path of apiImports.console) {
      const messages = await lint('apps/console/src/app/fixture.ts', importing(path));
      expect({ path, messages }).toEqual({ path, messages: [expect.stringContaining(CROSS_PROJECT)] });
    }
    // Control: the same module imported from inside the api app is fine, so the error is about crossing apps.
    expect(await lint('apps/api/src/app/fixture.ts', importing('./common/clock'))).toEqual([]);
    // And the console may use the shared contracts lib through its alias.
    expect(
      await lint(
        'apps/console/src/app/fixture.ts',
        `import type { ComplaintDto } from '@complaint-desk/contracts';\nexport type Y = ComplaintDto;\n`,
      ),
    ).toEqual([]);
  });

  it('shared libs (contracts, domain) may not import an app', async () => {
    for (const lib of ['libs/contracts/src/lib/fixture.ts', 'libs/domain/src/lib/fixture.ts']) {
      for (const path of apiImports.lib) {
        const messages = await lint(lib, importing(path));
        expect({ lib, path, messages }).toEqual({ lib, path, messages: [expect.stringContaining(CROSS_PROJECT)] });
      }
    }
  });

  it('the contracts lib may not import a framework', async () => {
    const pkgs = ['@nestjs/common', 'typeorm', '@angular/core', 'class-validator', 'rxjs'];
    const code = pkgs.map((p, i) => `import * as x${i} from '${p}';\nexport const y${i} = x${i};\n`).join('');
    const messages = (await lint('libs/contracts/src/lib/fixture.ts', code)).join('\n');
    for (const pkg of pkgs) expect(messages).toContain(`is not allowed to import "${pkg}"`);
  });
});

describe('what the api build compiles', () => {
  jest.setTimeout(120000);
  const root = join(__dirname, '..', '..', '..');

  it('no test support: nothing under src/testing and no spec is part of the program of tsconfig.app.json (test oracles stay out of dist)', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'apps/api/tsconfig.app.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('apps/api/tsconfig.app.json could not be read');
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    const compiled = program
      .getSourceFiles()
      .map((f) => relative(root, f.fileName))
      .filter((f) => f.startsWith('apps/api/'));
    expect(compiled).toContain('apps/api/src/main.ts');
    expect(compiled.filter((f) => f.startsWith('apps/api/src/testing/') || /\.(integration-)?spec\.ts$/.test(f))).toEqual([]);
  });
});

/** Where code may go inside an app (issue 11): enforced by lint, shown here on fixtures linted as files of those folders. */
describe('layers and owners (enforced by lint and by this spec)', () => {
  jest.setTimeout(120000);
  const root = join(__dirname, '..', '..', '..');
  const lintAll = (file: string, code: string): Array<{ ruleId: string | null; message: string }> => {
    const r = spawnSync(
      process.execPath,
      [require.resolve('eslint/bin/eslint.js'), '--stdin', '--stdin-filename', file, '--format', 'json'],
      {
        cwd: root,
        input: code,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false' },
      },
    );
    const json = r.stdout.slice(r.stdout.indexOf('[{'));
    const [result] = JSON.parse(json) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
    return result.messages;
  };
  /** The messages of these rules; a fixture that does not even parse fails the test instead of passing it. */
  const lint = (file: string, code: string, rules: string[]): string[] => {
    const messages = lintAll(file, code);
    expect({ file, fatal: messages.filter((m) => m.ruleId === null) }).toEqual({ file, fatal: [] });
    return messages.filter((m) => m.ruleId !== null && rules.includes(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
  };

  it('console: core/ and shared/ never import features/, statically or lazily; features/ and the route table may', () => {
    const code =
      `import { ComplaintsApi } from '../features/complaints/data/complaints.api';\n` +
      `export const y = ComplaintsApi;\n` +
      `export const page = () => import('../features/auth/pages/sign-in.page');\n`;
    const rules = ['no-restricted-imports', 'no-restricted-syntax'];
    for (const file of ['apps/console/src/app/core/fixture.ts', 'apps/console/src/app/shared/fixture.ts']) {
      const messages = lint(file, code, rules);
      expect({ file, messages }).toEqual({
        file,
        messages: [expect.stringContaining('no-restricted-imports: '), expect.stringContaining('no-restricted-syntax: ')],
      });
    }
    // Controls: the composition root (app/) and a feature may import features.
    expect(lint('apps/console/src/app/fixture.ts', code.replaceAll('../features/', './features/'), rules)).toEqual([]);
    expect(lint('apps/console/src/app/features/fixture.ts', code.replaceAll('../features/', './'), rules)).toEqual([]);
  });

  it('api: `.query(` only in repositories, migrations, specs, test support, benchmarks, seeding tools and the database bootstrap', () => {
    const code = `import type { DataSource } from 'typeorm';\nexport const q = (db: DataSource) => db.query('SELECT 1');\n`;
    const rule = ['no-restricted-syntax'];
    for (const file of ['apps/api/src/app/clients/fixture.ts', 'apps/api/src/app/common/fixture.ts', 'apps/api/src/fixture.ts']) {
      expect({ file, messages: lint(file, code, rule) }).toEqual({ file, messages: [expect.stringContaining('repository')] });
    }
    for (const file of [
      'apps/api/src/app/clients/fixture.repository.ts',
      'apps/api/src/migrations/fixture.ts',
      'apps/api/src/testing/fixture.ts',
      'apps/api/src/tools/fixture.ts',
      'apps/api/bench/fixture.ts',
      'apps/api/src/app/database/fixture.ts',
    ]) {
      expect({ file, messages: lint(file, code, rule) }).toEqual({ file, messages: [] });
    }
  });

  it('no @Global() module: each module imports what it injects (CoreModule for config, clock and bus; UsersModule in AuthModule)', () => {
    const srcDir = join(root, 'apps/api/src');
    const globals = (ts.sys.readDirectory(srcDir, ['.ts']) as string[])
      .filter((f) => !/\.(integration-)?spec\.ts$/.test(f))
      .filter((f) => /@Global\s*\(/.test(ts.sys.readFile(f) ?? ''))
      .map((f) => relative(root, f));
    expect(globals).toEqual([]);
  });

  it('every write of the complaint timeline is in timeline/ (TimelineRepository, TimelineWriter)', () => {
    const appDir = join(root, 'apps/api/src/app');
    const writes = /INSERT\s+INTO\s+complaint_events|erase_complaint_timeline\s*\(|COPY\s+complaint_events/i;
    const offenders = (ts.sys.readDirectory(appDir, ['.ts']) as string[])
      .filter((f) => !/\.(integration-)?spec\.ts$/.test(f) && !f.includes('/app/timeline/'))
      .filter((f) => writes.test(ts.sys.readFile(f) ?? ''))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });
});
