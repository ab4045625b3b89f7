import type { Page } from '@playwright/test';

/**
 * Records every request the page makes that leaves `origin` (data: and blob: URLs stay on the device). The browser
 * tests assert the list is empty: nothing the library does may reach another host.
 */
export function recordForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}
