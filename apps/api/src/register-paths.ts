/**
 * The compiled API (dist/apps/api) keeps the workspace layout, so the libs' import aliases
 * (@complaint-desk/domain, @complaint-desk/contracts) are mapped to their compiled folders here.
 * Under ts-jest the aliases come from the jest preset instead.
 */
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

if (!__filename.endsWith('.ts')) {
  register({
    baseUrl: join(__dirname, '..', '..', '..'),
    paths: { '@complaint-desk/*': ['libs/*/src/index'] },
  });
}
