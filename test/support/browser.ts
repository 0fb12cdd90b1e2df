import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (CI installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', 'screenshots');

/**
 * Whether the browser suite runs. Outside CI a missing chromium skips it with a message; under
 * CI=true it never skips, so a missing browser fails the suite instead of hiding it.
 */
export function browserSuiteEnabled(): boolean {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return true;
  process.stderr.write(`console browser tests skipped: no chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH; under CI=true this fails instead)\n`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium is required for the console browser tests and is not at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // playwright's own --headless flag is replaced by the new headless mode Debian's build ships.
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

/** Saves a full-page screenshot as test/screenshots/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // The header is sticky: from the top it lands once, where a reader sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects uncaught page errors and console errors, so a broken script fails the test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused request (the wrong-key sign-in, a 404 probe) is logged by the browser itself; not a script error.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  return errors;
}
