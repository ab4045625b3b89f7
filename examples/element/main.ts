// The element checks every picked image on this device and keeps the form from submitting a blocked one.
import 'image-guard-kit/element';
import type { ImageGuardVerdictEvent } from 'image-guard-kit/element';

const result = document.querySelector<HTMLParagraphElement>('#result')!;
document.querySelector('image-guard')!.addEventListener('image-guard-verdict', (event: ImageGuardVerdictEvent) => {
  const { file, verdict } = event.detail;
  result.textContent = `${file.name}: rated ${verdict.summary.contentRating}, ${verdict.description}`;
  result.dataset.hash = verdict.hash;
});
