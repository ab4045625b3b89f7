import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { verdictSchemaErrors } from '../support/verdict-schema.js';
import type { ImageGuardElement } from '../../src/element.js';
import type { Verdict } from '../../src/index.js';

// <image-guard> on the real demo page: a slotted file input inside a real form, the real model in real Chromium.

interface Recorded {
  verdicts: { name: string; hash: string; reject: boolean; verdict: Verdict }[];
  errors: { name: string; code: string; message: string }[];
  checking: string[];
  submits: number;
}

declare global {
  interface Window {
    recorded: Recorded;
  }
}

const photoPath = 'node_modules/@vladmandic/face-api/demo/sample1.jpg';
const photoName = 'sample1.jpg';
const photoHash = createHash('sha256').update(readFileSync(photoPath)).digest('hex');
const rejectEverything = { nsfw: { explicit: { review: 0, reject: 0 } } };
const fileInput = 'image-guard input[type=file]';

let requests: string[];

test.beforeEach(async ({ page }) => {
  requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('/');
  await page.waitForFunction(() => customElements.get('image-guard') !== undefined);
  await page.evaluate(() => {
    const recorded: Recorded = { verdicts: [], errors: [], checking: [], submits: 0 };
    window.recorded = recorded;
    const element = document.querySelector('image-guard')!;
    element.addEventListener('image-guard-verdict', ({ detail }) => {
      recorded.verdicts.push({
        name: detail.file.name,
        hash: detail.verdict.hash,
        reject: detail.verdict.suggestedActions.reject,
        verdict: detail.verdict,
      });
    });
    element.addEventListener('image-guard-error', ({ detail }) => {
      recorded.errors.push({ name: detail.file.name, code: detail.error.code, message: detail.error.message });
    });
    element.addEventListener('image-guard-progress', ({ detail }) => {
      if (detail.phase === 'checking') recorded.checking.push(detail.file.name);
    });
    document.querySelector('form')!.addEventListener('submit', () => recorded.submits++);
  });
});

test.afterEach(({ baseURL }) => {
  const origin = new URL(baseURL!).origin;
  expect(requests.length).toBeGreaterThan(0);
  // blob: URLs carry their creator's origin; data: URLs go nowhere.
  const foreign = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(foreign, 'requests that left the page origin').toEqual([]);
});

const item = (page: Page, name: string) => page.locator('image-guard [part~="item"]').filter({ hasText: name });
const status = (page: Page, name: string) => item(page, name).locator('[part~="status"]');
const preview = (page: Page, name: string) => item(page, name).locator('[part~="preview"]');
const validationMessage = (page: Page) => page.locator(fileInput).evaluate((input: HTMLInputElement) => input.validationMessage);
const previewFilter = (page: Page, name: string) => preview(page, name).evaluate((img) => getComputedStyle(img).filter);
const recorded = (page: Page) => page.evaluate(() => window.recorded);
/** The recorded verdicts without their bodies, after checking every body against the contract. */
async function verdictsOf(page: Page): Promise<{ name: string; hash: string; reject: boolean }[]> {
  return (await recorded(page)).verdicts.map(({ verdict, ...rest }) => {
    expect(verdictSchemaErrors(verdict)).toBeNull();
    return rest;
  });
}

test('a picked photo passes, fires image-guard-verdict with its SHA-256, and the form submits', async ({ page }) => {
  await page.setInputFiles(fileInput, photoPath);
  await expect(item(page, photoName)).toBeVisible();
  // Until the verdict is in, the form must not submit the file.
  expect(await validationMessage(page)).toBe(`“${photoName}” is still being checked.`);

  await expect(status(page, photoName)).toHaveText(/passed/i, { timeout: 60_000 });
  // Ages are a range of ±10 years (the measured error, analyzers/faces/age.ts): two of the three women's reach under 18.
  await expect(item(page, photoName).locator('[part~="reason"]')).toHaveText('Nothing of concern found. 3 people, 2 possibly under 18.');
  await expect(page.getByRole('status').filter({ hasText: `“${photoName}”: Passed.` })).toBeAttached();

  expect((await recorded(page)).checking).toEqual([photoName]);
  expect(await verdictsOf(page)).toEqual([{ name: photoName, hash: photoHash, reject: false }]);
  const states = await page
    .locator('image-guard')
    .evaluate((element: ImageGuardElement) => element.verdicts.map((entry) => entry.state));
  expect(states).toEqual(['passed']);
  expect(await previewFilter(page, photoName)).toBe('none');

  // The demo's verdict card.
  const card = page.locator('.card').filter({ hasText: photoName });
  await expect(card.locator('header .rating')).toHaveText(/^(G|PG|PG-13)$/);
  await expect(card.locator('.presets li')).toHaveCount(3);
  await expect(card.locator('.bars li')).toHaveCount(5);
  await expect(page.locator('#model-status')).toContainText('Model ready');

  expect(await validationMessage(page)).toBe('');
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.locator('#submit-result')).toHaveText('Would upload 1 file.');
});

test('a text file named .png shows unsupported_format in an alert', async ({ page }) => {
  await page.setInputFiles(fileInput, { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture\n') });

  const alert = item(page, 'notes.png').getByRole('alert');
  await expect(alert).toBeVisible({ timeout: 60_000 });
  const { errors, verdicts } = await recorded(page);
  expect(verdicts).toHaveLength(0);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ name: 'notes.png', code: 'unsupported_format' });
  await expect(alert).toHaveText(errors[0]!.message);
  await expect(status(page, 'notes.png')).toHaveText('Could not check');
  await expect(page.locator('.card.error')).toContainText('unsupported_format');
  // A file that could not be checked is not let through.
  expect(await validationMessage(page)).toContain('can’t be uploaded');
});

test('a blocked image stops the form, stays blurred until Show, and removing it clears the block', async ({ page }) => {
  await page.locator('image-guard').evaluate((element: ImageGuardElement, policy) => {
    element.policy = policy;
  }, rejectEverything);
  await page.setInputFiles(fileInput, photoPath);

  await expect(status(page, photoName)).toHaveText(/blocked/i, { timeout: 60_000 });
  await expect(item(page, photoName).locator('[part~="reason"]')).toContainText('Looks like explicit sexual content');
  expect(await verdictsOf(page)).toEqual([{ name: photoName, hash: photoHash, reject: true }]);

  const message = await validationMessage(page);
  // With ±10-year age ranges (analyzers/faces/age.ts) two of the women may be under 18, so the minor rule's reason follows.
  expect(message).toMatch(
    /^“sample1\.jpg” can’t be uploaded: Looks like explicit sexual content \(\d+(\.\d+)?%\)\.( A person who may be under 18 \(estimated age \d+-\d+\) in an image with sexual signals \(explicit \d+(\.\d+)?%\)\.)?$/,
  );
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForTimeout(300);
  expect((await recorded(page)).submits).toBe(0);
  await expect(page.locator('#submit-result')).toHaveText('');

  expect(await previewFilter(page, photoName)).toContain('blur');
  await page.getByRole('button', { name: `Show ${photoName}` }).click();
  expect(await previewFilter(page, photoName)).toBe('none');
  await page.getByRole('button', { name: `Hide ${photoName}` }).click();
  expect(await previewFilter(page, photoName)).toContain('blur');

  await page.getByRole('button', { name: `Remove ${photoName}` }).click();
  await expect(item(page, photoName)).toHaveCount(0);
  expect(await validationMessage(page)).toBe('');
  expect(await page.locator(fileInput).evaluate((input: HTMLInputElement) => input.files?.length)).toBe(0);
  await expect(page.locator('.card')).toHaveCount(0);
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.locator('#submit-result')).toHaveText('Would upload 0 files.');
  expect((await recorded(page)).submits).toBe(1);
});

test('changing the policy judges the chosen image again from its evidence, without checking it again', async ({ page }) => {
  await page.setInputFiles(fileInput, photoPath);
  await expect(status(page, photoName)).toHaveText(/passed/i, { timeout: 60_000 });
  await page.locator('image-guard').evaluate((element: ImageGuardElement, policy) => {
    element.policy = policy;
  }, rejectEverything);
  await expect(status(page, photoName)).toHaveText(/blocked/i, { timeout: 60_000 });
  expect((await verdictsOf(page)).map((entry) => entry.reject)).toEqual([false, true]);
  await page.selectOption('#policy', 'strict');
  await expect(status(page, photoName)).toHaveText(/passed|needs review/i, { timeout: 60_000 });
  expect(await validationMessage(page)).toBe('');
  const { verdicts, checking } = await recorded(page);
  // One check; three verdicts, each under its own policy, all with the same evidence.
  expect(checking).toEqual([photoName]);
  expect(verdicts.map((entry) => entry.verdict.analysis.policy.name)).toEqual(['balanced', 'custom', 'strict']);
  expect(new Set(verdicts.map((entry) => JSON.stringify(entry.verdict.analysis.nsfw))).size).toBe(1);
});

test('the drop zone is the tab stop after the policy, and Enter and Space open the file chooser', async ({ page }) => {
  const dropzone = page.locator('image-guard [part~="dropzone"]');
  // Listening turns on Playwright's file chooser interception, asynchronously: start before the key press is near.
  const first = page.waitForEvent('filechooser');
  await page.locator('#policy').focus();
  await page.keyboard.press('Tab');
  await expect(dropzone).toBeFocused();
  await expect(dropzone).toHaveAttribute('role', 'button');
  await page.keyboard.press('Enter');
  const chooser = await first;
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(photoPath);
  await expect(status(page, photoName)).toHaveText(/passed/i, { timeout: 60_000 });

  const second = page.waitForEvent('filechooser');
  await dropzone.focus();
  await page.keyboard.press(' ');
  await (await second).setFiles([]);
  await expect(item(page, photoName)).toHaveCount(0);
});

test('a dropped file is added to the input and gets a verdict', async ({ page }) => {
  await page.locator('image-guard [part~="dropzone"]').evaluate(async (dropzone, url) => {
    const blob = await (await fetch(url)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'dropped.jpg', { type: 'image/jpeg' }));
    const init = { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true };
    dropzone.dispatchEvent(new DragEvent('dragenter', init));
    dropzone.dispatchEvent(new DragEvent('dragover', init));
    dropzone.dispatchEvent(new DragEvent('drop', init));
  }, `/${photoPath}`);

  await expect(status(page, 'dropped.jpg')).toHaveText(/passed/i, { timeout: 60_000 });
  expect(await verdictsOf(page)).toEqual([{ name: 'dropped.jpg', hash: photoHash, reject: false }]);
  // The slotted input holds what the form will submit, so the drop lands there.
  const names = await page.locator(fileInput).evaluate((input: HTMLInputElement) => [...input.files!].map((f) => f.name));
  expect(names).toEqual(['dropped.jpg']);
});

test('without a slotted input it renders its own labelled input, in the words the page gives it', async ({ page }) => {
  await page.evaluate(() => {
    const element = document.createElement('image-guard');
    element.id = 'bare';
    element.strings = { chooseImages: 'Bilder auswählen', removeLabel: (name) => `${name} entfernen` };
    document.body.append(element);
  });
  const bare = page.locator('#bare');
  const input = bare.getByLabel('Bilder auswählen');
  await expect(input).toHaveAttribute('type', 'file');
  // Visually hidden, not display:none: it stays in the accessibility tree.
  expect(await input.evaluate((el) => getComputedStyle(el).display)).not.toBe('none');

  await input.setInputFiles(photoPath);
  const entry = bare.locator('[part~="item"]').filter({ hasText: photoName });
  await expect(entry.locator('[part~="status"]')).toHaveText(/passed/i, { timeout: 60_000 });
  await bare.getByRole('button', { name: `${photoName} entfernen` }).click();
  await expect(entry).toHaveCount(0);
  expect(await bare.evaluate((element: ImageGuardElement) => element.verdicts)).toEqual([]);
});

test('one bad file in a batch does not cost the others their verdicts', async ({ page }) => {
  await page.setInputFiles(fileInput, [
    { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture\n') },
    { name: photoName, mimeType: 'image/jpeg', buffer: readFileSync(photoPath) },
    { name: 'bomb.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\xff\xff\xff\xff\x00\x00\x00;', 'latin1') },
  ]);
  await expect(status(page, photoName)).toHaveText('Passed', { timeout: 60_000 });
  await expect(status(page, 'notes.png')).toHaveText('Could not check');
  await expect(status(page, 'bomb.gif')).toHaveText('Could not check');
  const { errors } = await recorded(page);
  expect(errors.map((error) => [error.name, error.code]).sort()).toEqual([
    ['bomb.gif', 'dimensions_too_large'],
    ['notes.png', 'unsupported_format'],
  ]);
  expect((await verdictsOf(page)).map((verdict) => verdict.hash)).toEqual([photoHash]);
  // Removing the two that could not be checked lets the form through with the good one.
  await item(page, 'notes.png').getByRole('button', { name: 'Remove notes.png' }).click();
  await item(page, 'bomb.gif').getByRole('button', { name: 'Remove bomb.gif' }).click();
  expect(await validationMessage(page)).toBe('');
});
