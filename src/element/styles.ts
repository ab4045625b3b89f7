import { css } from 'lit';

// Colours are used as solid badge backgrounds with white text, so the defaults read well on light and dark pages;
// borders and tints derive from currentColor for the same reason.
export const styles = css`
  :host {
    --_accent: var(--image-guard-accent, #2563eb);
    --_radius: var(--image-guard-radius, 12px);
    --_danger: var(--image-guard-danger, #c62828);
    --_warning: var(--image-guard-warning, #9a5b00);
    --_ok: var(--image-guard-ok, #2e7d32);
    --_line: color-mix(in srgb, currentColor 22%, transparent);
    display: block;
    position: relative;
    font: var(--image-guard-font, inherit);
    color: inherit;
  }

  :host([hidden]) {
    display: none;
  }

  /* The file input stays in the accessibility tree and can still be focused by form validation. */
  .visually-hidden,
  ::slotted(input[type='file']) {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: -1px !important;
    padding: 0 !important;
    border: 0 !important;
    overflow: hidden !important;
    clip-path: inset(50%) !important;
    white-space: nowrap !important;
  }

  .dropzone {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25em;
    padding: 1.5em 1em;
    border: 2px dashed var(--_line);
    border-radius: var(--_radius);
    text-align: center;
    cursor: pointer;
    transition:
      border-color 120ms,
      background-color 120ms;
  }

  .dropzone:hover,
  .dropzone.dragging {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }

  .dropzone[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }

  .dropzone[aria-invalid='true'] {
    border-color: var(--_danger);
  }

  .problem {
    margin: 0.5em 0 0;
    color: var(--_danger);
    font-size: 0.875em;
  }

  .problem[hidden] {
    display: none;
  }

  .dropzone:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }

  .dropzone .label {
    font-weight: 600;
    cursor: pointer;
  }

  .dropzone .hint {
    font-size: 0.875em;
    opacity: 0.75;
  }

  .icon {
    width: 2em;
    height: 2em;
    color: var(--_accent);
  }

  .list {
    list-style: none;
    margin: 0.75em 0 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }

  .list:empty {
    display: none;
  }

  .item {
    display: grid;
    grid-template-columns: 4.5em minmax(0, 1fr) auto;
    align-items: start;
    gap: 0.75em;
    padding: 0.6em;
    border: 1px solid var(--_line);
    border-left: 4px solid var(--_state, var(--_line));
    border-radius: var(--_radius);
  }

  .item.checking {
    --_state: var(--_accent);
  }
  .item.passed {
    --_state: var(--_ok);
  }
  .item.review {
    --_state: var(--_warning);
  }
  .item.blocked,
  .item.error {
    --_state: var(--_danger);
  }

  .thumb {
    position: relative;
    width: 4.5em;
    height: 4.5em;
    border-radius: calc(var(--_radius) / 2);
    overflow: hidden;
    background: color-mix(in srgb, currentColor 8%, transparent);
  }

  .thumb img {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }

  /* Scaled so the blur does not fade into a transparent rim. */
  .thumb img.blurred {
    filter: blur(var(--image-guard-blur, 14px));
    transform: scale(1.15);
  }

  .reveal {
    position: absolute;
    inset: auto 0.25em 0.25em;
    padding: 0.15em 0.3em;
    font: inherit;
    font-size: 0.75em;
    font-weight: 600;
    color: #fff;
    background: rgb(0 0 0 / 0.65);
    border: 0;
    border-radius: calc(var(--_radius) / 3);
    cursor: pointer;
  }

  .body {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.2em;
    min-width: 0;
  }

  .heading {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em 0.6em;
  }

  .name {
    min-width: 0;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 100%;
  }

  .status {
    padding: 0.1em 0.55em;
    border-radius: 999px;
    font-size: 0.8em;
    font-weight: 600;
    color: #fff;
    background: var(--_state, var(--_accent));
  }

  .reason,
  .note {
    margin: 0;
    font-size: 0.9em;
    color: color-mix(in srgb, currentColor 82%, transparent);
  }

  .note {
    font-style: italic;
  }

  .remove {
    display: inline-grid;
    place-items: center;
    min-width: 2.25em;
    min-height: 2.25em;
    padding: 0;
    font: inherit;
    font-size: 1em;
    line-height: 1;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_line);
    border-radius: 999px;
    cursor: pointer;
  }

  .remove:hover {
    border-color: var(--_danger);
    color: var(--_danger);
  }

  .remove:focus-visible,
  .reveal:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }

  .spinner {
    width: 0.9em;
    height: 0.9em;
    border: 2px solid color-mix(in srgb, var(--_accent) 30%, transparent);
    border-top-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
    .dropzone {
      transition: none;
    }
  }
`;
