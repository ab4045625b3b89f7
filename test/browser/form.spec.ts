import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { ImageGuardElement } from '../../src/element.js';

// <image-guard> as a form control in its own right (ElementInternals), and as a person uses it: keyboard, paste,
// submit, reset, a disabled fieldset. Plus an axe-core scan of the demo with verdicts on screen.

declare global {
  interface Window {
    submits: number;
  }
}

const photoPath = 'node_modules/@vladmandic/face-api/demo/sample1.jpg';
const everythingRejected = { nsfw: { explicit: { review: 0, reject: 0 } } };
// A review threshold of 0 counts every photo as sexual, and two of sample1's women have age ranges reaching under 18
// (±10 years), so the possible-minor rule would reject it: here it only asks for review too.
const everythingReviewed = { nsfw: { explicit: { review: 0, reject: null } }, minors: { withSexualContent: 'review' } };

/** A form around an <image-guard> with no slotted input, built on the harness page. */
async function formPage(page: Page, attributes: string, policy?: unknown): Promise<void> {
  await page.goto('/test/browser/harness.html');
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.evaluate(
    async ({ attributes, policy }) => {
      const elementModule = '/src/element.ts';
      await import(elementModule);
      window.submits = 0;
      document.body.insertAdjacentHTML(
        'beforeend',
        `<form id="form"><fieldset id="fieldset"><legend>Your photo</legend>
           <label>Caption <input id="caption"></label>
           <image-guard ${attributes}></image-guard></fieldset>
           <button id="submit">Send</button><button type="reset" id="reset">Reset</button></form>`,
      );
      const form = document.querySelector('form')!;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        window.submits++;
      });
      if (policy) (document.querySelector('image-guard') as ImageGuardElement).policy = policy as ImageGuardElement['policy'];
    },
    { attributes, policy },
  );
}

const element = (page: Page) => page.locator('image-guard');
const ownInput = (page: Page) => page.locator('image-guard input[type=file]');
const state = (page: Page, name: string) =>
  page.locator('image-guard [part~="item"]').filter({ hasText: name }).locator('[part~="status"]');
const validation = (page: Page) => element(page).evaluate((el: ImageGuardElement) => el.validationMessage);
const submits = (page: Page) => page.evaluate(() => window.submits);

test('name and required: the element submits its accepted files and refuses an empty form', async ({ page }) => {
  await formPage(page, 'name="photo" required');
  await page.click('#submit');
  expect(await submits(page)).toBe(0);
  expect(await validation(page)).toBe('Choose at least one image.');
  expect(await element(page).evaluate((el: ImageGuardElement) => el.validity.valueMissing)).toBe(true);

  await ownInput(page).setInputFiles(photoPath);
  await expect(state(page, 'sample1.jpg')).toHaveText('Passed', { timeout: 60_000 });
  expect(await validation(page)).toBe('');
  const submitted = await page.evaluate(() => new FormData(document.querySelector('form')!).getAll('photo').map((file) => (file as File).name));
  expect(submitted).toEqual(['sample1.jpg']);
  await page.click('#submit');
  expect(await submits(page)).toBe(1);
});

test('a blocked file keeps its name out of the form data and stops the submit; reset empties the list', async ({ page }) => {
  await formPage(page, 'name="photo"', everythingRejected);
  await ownInput(page).setInputFiles(photoPath);
  await expect(state(page, 'sample1.jpg')).toHaveText('Blocked', { timeout: 60_000 });
  expect(await validation(page)).toMatch(/can’t be uploaded: Looks like explicit sexual content/);
  await expect(page.locator('image-guard [part~="problem"]')).toHaveText(await validation(page));
  await expect(page.locator('image-guard [part~="dropzone"]')).toHaveAttribute('aria-invalid', 'true');
  expect(await page.evaluate(() => new FormData(document.querySelector('form')!).getAll('photo'))).toEqual([]);
  await page.click('#submit');
  expect(await submits(page)).toBe(0);

  await page.click('#reset');
  await expect(page.locator('image-guard [part~="item"]')).toHaveCount(0);
  expect(await validation(page)).toBe('');
});

test('images that need review pass with a note by default, and stop the form with block-review', async ({ page }) => {
  await formPage(page, 'name="photo"', everythingReviewed);
  await ownInput(page).setInputFiles(photoPath);
  await expect(state(page, 'sample1.jpg')).toHaveText('Needs review', { timeout: 60_000 });
  await expect(page.locator('image-guard .note')).toContainText('a person may look at it');
  expect(await validation(page)).toBe('');

  await element(page).evaluate((el: ImageGuardElement) => el.setAttribute('block-review', ''));
  await expect.poll(() => validation(page)).toMatch(/can’t be uploaded/);
  await page.click('#submit');
  expect(await submits(page)).toBe(0);
});

test('the decide hook has the last word: the page lets a blocked image through', async ({ page }) => {
  await formPage(page, 'name="photo"', everythingRejected);
  await element(page).evaluate((el: ImageGuardElement) => {
    el.decide = (verdict) => (verdict.suggestedActions.reject ? 'review' : 'passed');
  });
  await ownInput(page).setInputFiles(photoPath);
  await expect(state(page, 'sample1.jpg')).toHaveText('Needs review', { timeout: 60_000 });
  await page.click('#submit');
  expect(await submits(page)).toBe(1);
});

test('a disabled fieldset disables the element: no picker, no drop, not focusable', async ({ page }) => {
  await formPage(page, 'name="photo"');
  await page.evaluate(() => ((document.querySelector('#fieldset') as HTMLFieldSetElement).disabled = true));
  const dropzone = page.locator('image-guard [part~="dropzone"]');
  await expect(dropzone).toHaveAttribute('aria-disabled', 'true');
  await expect(dropzone).toHaveAttribute('tabindex', '-1');
  let choosers = 0;
  page.on('filechooser', () => choosers++);
  // force: Playwright would otherwise wait for the aria-disabled zone to become enabled.
  await dropzone.click({ force: true });
  await page.waitForTimeout(300);
  expect(choosers).toBe(0);

  await page.evaluate(() => ((document.querySelector('#fieldset') as HTMLFieldSetElement).disabled = false));
  await expect(dropzone).toHaveAttribute('aria-disabled', 'false');
});

test('keyboard only: Tab to the drop zone, Enter opens the picker, the chosen file is checked', async ({ page }) => {
  await formPage(page, 'name="photo" multiple');
  const chooser = page.waitForEvent('filechooser');
  await page.locator('#caption').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('image-guard [part~="dropzone"]')).toBeFocused();
  await page.keyboard.press('Enter');
  const picker = await chooser;
  expect(picker.isMultiple()).toBe(true);
  await picker.setFiles(photoPath);
  await expect(state(page, 'sample1.jpg')).toHaveText('Passed', { timeout: 60_000 });
  // From the drop zone, Tab reaches the file's remove button; Enter removes the file and focus stays in the widget.
  await page.locator('image-guard [part~="dropzone"]').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Remove sample1.jpg' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('image-guard [part~="item"]')).toHaveCount(0);
  await expect(page.locator('image-guard [part~="dropzone"]')).toBeFocused();
});

test('pasting an image from the clipboard checks it', async ({ page }) => {
  await formPage(page, 'name="photo"');
  const bytes = [...readFileSync(photoPath)];
  await element(page).evaluate((el: ImageGuardElement, data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'pasted.jpg', { type: 'image/jpeg' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(state(page, 'pasted.jpg')).toHaveText('Passed', { timeout: 60_000 });
});

test('axe-core finds no serious or critical problem in the demo, with verdicts and a blocked file on screen', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => customElements.get('image-guard') !== undefined);
  await page.locator('image-guard').evaluate((el: ImageGuardElement, policy) => (el.policy = policy), everythingRejected);
  await page.setInputFiles('image-guard input[type=file]', photoPath);
  await expect(page.locator('image-guard [part~="status"]')).toHaveText('Blocked', { timeout: 60_000 });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
});
