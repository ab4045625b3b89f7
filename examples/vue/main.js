// <image-guard> in a Vue SPA. Vue passes props to a custom element as properties and listens to its events with
// on<Event> handlers; with single-file components, tell the template compiler the tag is a custom element
// (compilerOptions.isCustomElement: (tag) => tag === 'image-guard'). This example uses render functions.
import 'image-guard-kit/element';
import { createApp, h, ref } from 'vue';

const UploadForm = {
  setup() {
    const results = ref([]);
    const onVerdict = (event) => {
      const { file, verdict } = event.detail;
      results.value.push({ name: file.name, rating: verdict.summary.contentRating, hash: verdict.hash });
    };
    return () =>
      h('form', { action: '/upload', method: 'post', enctype: 'multipart/form-data', onSubmit: (event) => event.preventDefault() }, [
        h('image-guard', { policy: 'strict', 'onImage-guard-verdict': onVerdict }, [
          h('input', { type: 'file', name: 'photos', accept: 'image/*', multiple: true }),
        ]),
        h('button', 'Upload'),
        h(
          'ul',
          { 'aria-label': 'Checked images' },
          results.value.map((result) => h('li', { key: result.hash, 'data-hash': result.hash }, `${result.name}: ${result.rating}`)),
        ),
      ]);
  },
};

createApp(UploadForm).mount('#app');
