process.env.TZ = 'UTC';
const nxPreset = require('@nx/jest/preset').default;

/** Every jest project: TZ=UTC, and a reporter feeding `npm test`'s closing summary line. */
module.exports = {
  ...nxPreset,
  reporters: ['default', require.resolve('./tools/testing/summary-reporter.cjs')],
};
