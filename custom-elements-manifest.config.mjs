// `npm run manifest` writes custom-elements.json from the JSDoc of <image-guard> (@slot, @csspart, @cssprop, @fires,
// @attr), for editors, documentation sites and framework wrappers.
export default {
  globs: ['src/element/image-guard.ts', 'src/element/events.ts'],
  outdir: '.',
  litelement: true,
  // package.json's customElements field names the committed file; a run into another folder (the staleness test) must not rewrite it.
  packagejson: false,
};
