import '../src/element.js';
import type { ImageGuardErrorDetail, ImageGuardVerdictDetail } from '../src/element.js';
import { applyPolicy } from '../src/index.js';
import type { ContentRating, NsfwClass, PolicyPresetName, TextEvidence, Verdict } from '../src/index.js';

const guard = must(document.querySelector('image-guard'));
const form = must(document.querySelector<HTMLFormElement>('#upload-form'));
const input = must(guard.querySelector<HTMLInputElement>('input[type=file]'));
const policySelect = must(document.querySelector<HTMLSelectElement>('#policy'));
const submitResult = must(document.querySelector<HTMLOutputElement>('#submit-result'));
const modelStatus = must(document.querySelector<HTMLElement>('#model-status'));
const cardsBox = must(document.querySelector<HTMLElement>('#cards'));
const empty = must(document.querySelector<HTMLElement>('#empty'));

/** One card per chosen file, replaced when the file is judged again (a policy change re-judges everything). */
const cards = new Map<File, HTMLElement>();

policySelect.addEventListener('change', () => {
  guard.setAttribute('policy', policySelect.value as PolicyPresetName);
});

// Only runs when the form is valid: <image-guard> keeps it invalid while an image is being checked or is blocked.
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const count = input.files?.length ?? 0;
  submitResult.textContent = `Would upload ${count} ${count === 1 ? 'file' : 'files'}.`;
});

// The input's own `change`: the chosen files changed (picker, drop or remove). Drop the cards of files that are gone.
input.addEventListener('change', () => {
  submitResult.textContent = '';
  const chosen = new Set(input.files ?? []);
  for (const [file, card] of cards) {
    if (!chosen.has(file)) {
      card.remove();
      cards.delete(file);
    }
  }
  empty.hidden = cards.size > 0;
});

const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);

guard.addEventListener('image-guard-progress', ({ detail }) => {
  switch (detail.phase) {
    case 'model-loading':
      setModelStatus(
        'loading',
        'file' in detail && detail.totalBytes
          ? `Loading the models… ${detail.file}: ${megabytes(detail.loadedBytes)} of ${megabytes(detail.totalBytes)} MB${detail.fromCache ? ' (cached)' : ''}`
          : 'Loading the NSFW, face, object and OCR models… (first time only)',
      );
      break;
    case 'model-ready':
      // One per model (NSFW, then OCR): the last one ready is the one the page still waited for.
      setModelStatus('ready', `Model ready: ${modelNames[detail.model]} on ${detail.backend} in ${Math.round(detail.ms)} ms.`);
      break;
    case 'model-failed':
      setModelStatus('error', `${detail.message} Images are sent to review until it loads.`);
      break;
    case 'checking':
      showCard(detail.file, checkingCard(detail.file));
      break;
  }
});

guard.addEventListener('image-guard-verdict', ({ detail }) => showCard(detail.file, verdictCard(detail)));
guard.addEventListener('image-guard-error', ({ detail }) => showCard(detail.file, errorCard(detail)));

const modelNames = { nsfw: 'NSFW', faces: 'faces', text: 'OCR', objects: 'objects' } as const;

function setModelStatus(state: 'loading' | 'ready' | 'error', text: string): void {
  modelStatus.dataset.state = state;
  modelStatus.textContent = text;
}

function showCard(file: File, card: HTMLElement): void {
  const previous = cards.get(file);
  if (previous) previous.replaceWith(card);
  else cardsBox.prepend(card);
  cards.set(file, card);
  empty.hidden = true;
}

// --- cards -------------------------------------------------------------------------------------------------------------

function checkingCard(file: File): HTMLElement {
  return h('article', { class: 'card checking', 'aria-busy': 'true' }, cardHeader(file), h('p', {}, 'Checking…'));
}

function errorCard({ file, error }: ImageGuardErrorDetail): HTMLElement {
  return h(
    'article',
    { class: 'card error' },
    cardHeader(file, h('span', { class: 'badge error-badge' }, 'Error')),
    h('p', {}, h('code', { class: 'error-code' }, error.code)),
    h('p', { class: 'error-message' }, error.message),
  );
}

function verdictCard({ file, verdict }: ImageGuardVerdictDetail): HTMLElement {
  const { analysis } = verdict;
  const rating = verdict.summary.contentRating;
  return h(
    'article',
    { class: `card ${verdict.isSafe ? 'safe' : 'unsafe'}` },
    cardHeader(file, h('span', { class: `badge rating rating-${ratingClass(rating)}`, title: 'Content rating' }, rating)),
    h('p', { class: 'description' }, verdict.description),
    evidenceFigure(file, verdict),
    h(
      'dl',
      { class: 'facts' },
      fact('Safe', `${verdict.isSafe ? 'Yes' : 'No'} (confidence ${verdict.confidence}%)`),
      fact('Suggested actions', actionsText(verdict)),
      fact('Topics', verdict.topics.length > 0 ? chips(verdict.topics) : 'none'),
      fact('People', peopleText(verdict)),
      fact('Image', imageText(analysis.image)),
      fact('Metadata', metadataText(analysis.metadata)),
      ...analysis.errors.map((failure) => fact('Not checked', `${failure.analyzer}: ${failure.message}`)),
      fact('Policy', analysis.policy.name),
      fact('Backend', analysis.backend ?? 'no model ran'),
      fact('Timings', timingsText(analysis.timings)),
    ),
    flagsBlock(verdict),
    presetsBlock(verdict),
    analysis.nsfw ? scoreBars(analysis.nsfw.scores) : null,
    analysis.text ? textBlock(analysis.text) : null,
    h('details', {}, h('summary', {}, 'Verdict JSON'), h('pre', {}, h('code', {}, JSON.stringify(verdict, null, 2)))),
  );
}

/** Where something was found, relative to the displayed image (0-1). */
interface EvidenceBox {
  kind: 'face' | 'text';
  box: { x: number; y: number; width: number; height: number };
  label: string;
}

function evidenceBoxes({ analysis }: Verdict): EvidenceBox[] {
  const faces = (analysis.faces?.items ?? []).map((face) => ({
    kind: 'face' as const,
    box: face.box,
    label: `${face.gender}, age ${face.ageRange[0]}-${face.ageRange[1]}`,
  }));
  const words = (analysis.text?.words ?? []).map((word) => ({ kind: 'text' as const, box: word.box, label: word.text }));
  return [...faces, ...words];
}

/**
 * The image with what was found drawn over it. Boxes are positioned through the CSSOM, which a strict CSP allows
 * (a style attribute would need 'unsafe-inline'). An image that is not safe starts blurred, with a Show button.
 */
function evidenceFigure(file: File, verdict: Verdict): HTMLElement {
  const url = URL.createObjectURL(file);
  const image = h('img', { src: url, alt: `${file.name}, as checked` });
  // The decoded image keeps showing after the URL is released; the card owns no other reference to the file.
  image.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
  const frame = h('div', { class: `evidence-frame${verdict.isSafe ? '' : ' blurred'}` }, image);
  for (const { kind, box, label } of evidenceBoxes(verdict)) {
    const mark = h('span', { class: `evidence-box ${kind}`, title: label });
    mark.style.left = `${box.x * 100}%`;
    mark.style.top = `${box.y * 100}%`;
    mark.style.width = `${box.width * 100}%`;
    mark.style.height = `${box.height * 100}%`;
    frame.append(mark);
  }
  const figure = h('figure', { class: 'evidence' }, frame);
  if (!verdict.isSafe) {
    const reveal = h('button', { type: 'button', class: 'reveal', 'aria-pressed': 'false' }, 'Show image');
    reveal.addEventListener('click', () => {
      const shown = frame.classList.toggle('blurred') === false;
      reveal.setAttribute('aria-pressed', String(shown));
      reveal.textContent = shown ? 'Hide image' : 'Show image';
    });
    figure.append(reveal);
  }
  return figure;
}

const PRESETS: PolicyPresetName[] = ['permissive', 'balanced', 'strict'];

/** The same evidence under each preset, side by side: what choosing a policy changes for this very image. */
function presetsBlock(verdict: Verdict): HTMLElement {
  return h(
    'section',
    { class: 'presets', 'aria-label': 'Under each policy preset' },
    h('h3', {}, 'Under each preset'),
    h(
      'ul',
      {},
      ...PRESETS.map((preset) => {
        const judged = applyPolicy(verdict, preset);
        const rating = judged.summary.contentRating;
        return h(
          'li',
          { class: judged.isSafe ? 'safe' : 'unsafe' },
          h('span', { class: 'preset-name' }, preset),
          h('span', { class: `badge rating rating-${ratingClass(rating)}` }, rating),
          h('span', {}, actionsText(judged)),
        );
      }),
    ),
  );
}

function imageText(image: Verdict['analysis']['image']): string {
  const parts = [`${image.width}×${image.height} ${image.format.toUpperCase()}, ${kb(image.bytes)}`];
  if (image.frames > 1) parts.push(`${image.frames} frames, ${image.sampledFrames.length} checked`);
  if (image.truncated) parts.push('cut short');
  return parts.join('; ');
}

function metadataText({ gps, camera }: Verdict['analysis']['metadata']): string {
  const parts: string[] = [];
  if (gps) parts.push(`GPS ${gps.latitude.toFixed(4)}, ${gps.longitude.toFixed(4)}`);
  if (camera) parts.push([camera.make, camera.model, camera.takenAt?.slice(0, 10)].filter(Boolean).join(' '));
  return parts.length > 0 ? parts.join('; ') : 'none';
}

function cardHeader(file: File, badge?: HTMLElement): HTMLElement {
  return h('header', { class: 'card-header' }, h('h3', { class: 'file-name', title: file.name }, file.name), badge ?? null);
}

function fact(term: string, value: string | Node): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(h('dt', {}, term), h('dd', {}, value));
  return fragment;
}

/** "2: 18-34 (est. 26) female 97%; 9-25 (est. 17) female 88%", or why there is nothing. */
function peopleText({ analysis }: Verdict): string {
  if (!analysis.faces) return 'face analyzer off';
  if (analysis.faces.count === 0) return 'none found';
  const faces = analysis.faces.items.map(
    (face) =>
      `${face.ageRange[0]}-${face.ageRange[1]} (est. ${Math.round(face.age)}) ${face.gender} ${percent(face.genderProbability)}`,
  );
  return `${analysis.faces.count}: ${faces.join('; ')}`;
}

function actionsText({ suggestedActions }: Verdict): string {
  if (suggestedActions.reject) return 'reject';
  return suggestedActions.review ? 'review' : 'none — allow';
}

function flagsBlock({ analysis }: Verdict): HTMLElement {
  if (analysis.flags.length === 0) return h('p', { class: 'no-flags' }, 'No flags: nothing crossed a threshold.');
  return h(
    'ul',
    { class: 'flags', 'aria-label': 'Flags' },
    ...analysis.flags.map((flag) =>
      h(
        'li',
        { class: `flag flag-${flag.action}` },
        h('strong', {}, `${flag.signal} → ${flag.action}`),
        flag.threshold === null ? ` ${percent(flag.score)}. ` : ` ${percent(flag.score)} ≥ ${percent(flag.threshold)}. `,
        flag.reason,
      ),
    ),
  );
}

const nsfwClasses: { key: NsfwClass; label: string }[] = [
  { key: 'neutral', label: 'Neutral' },
  { key: 'drawing', label: 'Drawing' },
  { key: 'sexy', label: 'Sexy' },
  { key: 'porn', label: 'Porn' },
  { key: 'hentai', label: 'Hentai' },
];

function scoreBars(scores: Record<NsfwClass, number>): HTMLElement {
  return h(
    'div',
    { class: 'scores' },
    h('h4', {}, 'NSFW classes'),
    h(
      'ul',
      { class: 'bars' },
      ...nsfwClasses.map(({ key, label }) => {
        const bar = h('span', { class: `bar bar-${key}`, 'aria-hidden': 'true' });
        bar.style.setProperty('--value', String(scores[key]));
        return h(
          'li',
          {},
          h('span', { class: 'bar-label' }, label),
          h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar),
          h('span', { class: 'bar-value' }, percent(scores[key])),
        );
      }),
    ),
  );
}

/** The text read in the image, its language and what the screening found. */
function textBlock(text: TextEvidence): HTMLElement {
  return h(
    'div',
    { class: 'text-read' },
    h('h4', {}, 'Text in the image'),
    text.content
      ? h('blockquote', { class: 'text-content' }, text.content)
      : h('p', { class: 'no-text' }, 'No text found.'),
    h(
      'dl',
      { class: 'facts' },
      fact('Language', text.language === 'und' ? 'undetermined' : text.language),
      fact('OCR confidence', `${Math.round(text.confidence)}% (${text.words.length} words)`),
      fact(
        'Findings',
        text.findings.length > 0 ? chips(text.findings.map((finding) => `${finding.kind}: ${finding.match}`)) : 'none',
      ),
    ),
  );
}

function timingsText(timings: Verdict['analysis']['timings']): string {
  return Object.entries(timings)
    .map(([stage, ms]) => `${stage.replace(/Ms$/, '')} ${Math.round(ms)} ms`)
    .join(', ');
}

function chips(values: string[]): HTMLElement {
  return h('span', { class: 'chips' }, ...values.map((value) => h('span', { class: 'chip' }, value)));
}

function ratingClass(rating: ContentRating): string {
  return rating.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function percent(value: number): string {
  return `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;
}

function kb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A tiny element builder: text goes in as text nodes, never as HTML (file names come from the person). */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children.filter((child): child is Node | string => child !== null));
  return element;
}

function must<T>(value: T | null): T {
  if (value === null) throw new Error('The demo page is missing an element main.ts expects.');
  return value;
}
