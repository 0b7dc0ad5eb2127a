import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv();

// jsdom's Blob has no text() (every browser the console supports has): read it the way jsdom can.
if (typeof Blob.prototype.text !== 'function') {
  Blob.prototype.text = function text(this: Blob): Promise<string> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsText(this);
    });
  };
}

// jsdom has no object URLs (every browser the console supports has): hand out blob: URLs it forgets.
if (typeof URL.createObjectURL !== 'function') {
  let n = 0;
  URL.createObjectURL = () => `blob:jsdom/${++n}`;
  URL.revokeObjectURL = () => undefined;
}

// Every spec leaves the globals as it found them: real timers, spies restored, and the URL object-URL
// functions that some specs replace put back, even when a spec fails half-way.
const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});
