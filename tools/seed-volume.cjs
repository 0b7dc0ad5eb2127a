#!/usr/bin/env node
/**
 * `npm run seed:volume -- --complaints 5000000 [--clients 100]`: fills the database (DATABASE_URL, or the
 * embedded one under DATA_DIR) with synthetic complaints set-based, for scale tests of the statistics.
 */
const tsRun = require('./ts-run.cjs');
process.exit(tsRun('apps/api/src/tools/seed-volume.ts', process.argv.slice(2)));
