/**
 * Every word `<image-guard>` shows or announces. Set the element's `strings` property to a partial object to
 * translate or reword any of them; what you leave out stays English.
 */
export interface ImageGuardStrings {
  /** The drop zone's label. */
  chooseImages: string;
  /** Under the label. */
  dropHint: string;
  /** Each file's state, shown beside its name. */
  checking: string;
  passed: string;
  review: string;
  blocked: string;
  error: string;
  /** The reason shown for an image nothing was found in. */
  clean: string;
  /** Who is in the picture, after the reason: `minors` of the `count` faces may be under `age`. */
  people: (count: number, minors: number, age: number) => string;
  /** Added under the reasons of an image that may be uploaded but will be looked at by a person. */
  reviewNote: string;
  /** The reveal button on a blurred preview, and its hide counterpart. */
  show: string;
  hide: string;
  showLabel: (fileName: string) => string;
  hideLabel: (fileName: string) => string;
  /** The remove button's accessible name. */
  removeLabel: (fileName: string) => string;
  /** Live-region announcements. */
  loadingModel: string;
  announceChecking: (fileName: string) => string;
  announceResult: (fileName: string, state: string) => string;
  /** Form validation messages while an image stops the form from submitting. */
  stillChecking: (fileName: string) => string;
  cannotUpload: (fileName: string, reason: string) => string;
  /** The validation message of a `required` element with no image that may be uploaded. */
  required: string;
}

export const defaultStrings: ImageGuardStrings = {
  chooseImages: 'Choose images',
  dropHint: 'or drop them here',
  checking: 'Checking…',
  passed: 'Passed',
  review: 'Needs review',
  blocked: 'Blocked',
  error: 'Could not check',
  clean: 'Nothing of concern found.',
  people: (count, minors, age) => {
    const who = count === 1 ? '1 person' : `${count} people`;
    if (minors === 0) return `${who}.`;
    const which = count === 1 ? '' : minors === count ? 'all ' : `${minors} `;
    return `${who}, ${which}possibly under ${age}.`;
  },
  reviewNote: 'You can upload it; a person may look at it first.',
  show: 'Show',
  hide: 'Hide',
  showLabel: (name) => `Show ${name}`,
  hideLabel: (name) => `Hide ${name}`,
  removeLabel: (name) => `Remove ${name}`,
  loadingModel: 'Loading the moderation model…',
  announceChecking: (name) => `Checking “${name}”…`,
  announceResult: (name, state) => `“${name}”: ${state}.`,
  stillChecking: (name) => `“${name}” is still being checked.`,
  cannotUpload: (name, reason) => `“${name}” can’t be uploaded: ${reason}`,
  required: 'Choose at least one image.',
};
