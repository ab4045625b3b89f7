// The core API alone, with a UI of your own: no custom element is registered by 'image-guard-kit'.
import { createImageGuard, isImageGuardError } from 'image-guard-kit';

const picker = document.querySelector<HTMLInputElement>('#picker')!;
const status = document.querySelector<HTMLParagraphElement>('#status')!;
const results = document.querySelector<HTMLUListElement>('#results')!;

// One guard for the page: it loads the models once, in its own worker, and checks one image at a time.
const guard = await createImageGuard({
  policy: 'balanced',
  onProgress: (progress) => {
    if (progress.phase === 'model-failed') status.textContent = progress.message;
  },
});
status.textContent = 'Ready: choose photos.';

picker.addEventListener('change', async () => {
  for (const file of picker.files ?? []) {
    const item = document.createElement('li');
    item.textContent = `${file.name}: checking…`;
    results.append(item);
    try {
      const verdict = await guard.moderate(file, { meta: { field: 'photos' } });
      const action = verdict.suggestedActions.reject
        ? 'blocked'
        : verdict.suggestedActions.review
          ? 'sent to review'
          : 'ok to upload';
      item.textContent = `${file.name}: ${action} (rated ${verdict.summary.contentRating}). ${verdict.description}`;
      item.dataset.hash = verdict.hash;
    } catch (error) {
      // Every failure is an ImageGuardError with a stable code and a message meant for people.
      item.textContent = `${file.name}: ${isImageGuardError(error) ? error.message : String(error)}`;
      item.dataset.error = isImageGuardError(error) ? error.code : 'unknown';
    }
  }
});
