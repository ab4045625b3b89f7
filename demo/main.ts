import '../src/element.js';
import type { ImageGuardErrorDetail, ImageGuardVerdictDetail } from '../src/element.js';
import type { ContentRating, NsfwClass, PolicyPresetName, Verdict } from '../src/index.js';

const guard = must(document.querySelector('image-guard'));
const form = must(document.querySelector<HTMLFormElement>('#upload-form'));
const input = must(guard.querySelector<HTMLInputElement>('input[type=file]'));
const policySelect = must(document.querySelector<HTMLSelectElement>('#policy'));
const submitResult = must(document.querySelector<HTMLOutputElement>('#submit-result'));
const modelStatus = must(document.querySelector<HTMLElement>('#model-status'));
const cardsBox = must(document.querySelector<HTMLElement>('#cards'));
const empty = must(document.querySelector<HTMLElement>('#empty'));

/** One card per chosen file, replaced when the file is checked again (a policy change re-checks everything). */
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

guard.addEventListener('image-guard-progress', ({ detail }) => {
  switch (detail.phase) {
    case 'model-loading':
      setModelStatus('loading', 'Loading the NSFW and face models… (first time only)');
      break;
    case 'model-ready':
      setModelStatus('ready', `Model ready (${detail.model}) on the ${detail.backend} backend in ${Math.round(detail.ms)} ms.`);
      break;
    case 'checking':
      showCard(detail.file, checkingCard(detail.file));
      break;
  }
});

guard.addEventListener('image-guard-verdict', ({ detail }) => showCard(detail.file, verdictCard(detail)));
guard.addEventListener('image-guard-error', ({ detail }) => {
  if (detail.error.code === 'model_load_failed') setModelStatus('error', detail.error.message);
  showCard(detail.file, errorCard(detail));
});

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
    h(
      'dl',
      { class: 'facts' },
      fact('Safe', `${verdict.isSafe ? 'Yes' : 'No'} (confidence ${verdict.confidence}%)`),
      fact('Suggested actions', actionsText(verdict)),
      fact('Topics', verdict.topics.length > 0 ? chips(verdict.topics) : 'none'),
      fact('People', peopleText(verdict)),
      fact('Image', `${analysis.image.width}×${analysis.image.height} ${analysis.image.format.toUpperCase()}, ${kb(analysis.image.bytes)}`),
      fact('Policy', analysis.policy.name),
      fact('Backend', analysis.backend ?? 'no model ran'),
      fact('Timings', timingsText(analysis.timings)),
    ),
    flagsBlock(verdict),
    analysis.nsfw ? scoreBars(analysis.nsfw.scores) : null,
    h('details', {}, h('summary', {}, 'Verdict JSON'), h('pre', {}, h('code', {}, JSON.stringify(verdict, null, 2)))),
  );
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
