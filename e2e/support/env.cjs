/** Shared facts of the browser-test run (global setup, teardown and the specs agree on them). */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const API_MAIN = join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');
const CONSOLE_INDEX = join(ROOT, 'dist', 'apps', 'console', 'browser', 'index.html');
const STATE_FILE = join(ROOT, 'tmp', 'e2e-state.json');
const MISSING_MESSAGE = 'Chromium is missing: install Debian chromium: apt-get install -y chromium (expected at ' + CHROMIUM + ')';
const SKIP_WARNING = 'BROWSER TESTS SKIPPED (SKIP_BROWSER_TESTS=1): ' + MISSING_MESSAGE;

function hasChromium() {
  return existsSync(CHROMIUM);
}

/**
 * A missing browser fails the browser tests. Only a developer outside CI may skip them, and only by
 * saying so (SKIP_BROWSER_TESTS=1); CI never skips.
 */
function browserSkipAllowed(env = process.env) {
  return env.SKIP_BROWSER_TESTS === '1' && env.CI !== 'true' && env.CI !== '1';
}

module.exports = { ROOT, CHROMIUM, API_MAIN, CONSOLE_INDEX, STATE_FILE, SKIP_WARNING, MISSING_MESSAGE, hasChromium, browserSkipAllowed };
