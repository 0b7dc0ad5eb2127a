/** Shared facts of the browser-test run (global setup, teardown and the specs agree on them). */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const API_MAIN = join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');
const CONSOLE_INDEX = join(ROOT, 'dist', 'apps', 'console', 'browser', 'index.html');
const STATE_FILE = join(ROOT, 'tmp', 'e2e-state.json');
const SKIP_WARNING =
  'BROWSER TESTS SKIPPED: install Debian chromium: apt-get install -y chromium (expected at ' + CHROMIUM + ')';

function hasChromium() {
  return existsSync(CHROMIUM);
}

module.exports = { ROOT, CHROMIUM, API_MAIN, CONSOLE_INDEX, STATE_FILE, SKIP_WARNING, hasChromium };
