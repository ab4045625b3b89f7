// Uppy with the image-guard-kit plugin: each photo is checked on the device as it is added, and the upload waits
// for the verdicts. A blocked photo fails with its reason in the Dashboard and never reaches the endpoint.
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import XHRUpload from '@uppy/xhr-upload';
import { ImageGuard } from 'image-guard-kit/uppy';
import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';

new Uppy({ autoProceed: true })
  .use(Dashboard, { inline: true, target: '#uppy', proudlyDisplayPoweredByUppy: false })
  // The verdict is in each file's meta as `imageGuard` (JSON), which XHRUpload sends as a form field.
  .use(XHRUpload, { endpoint: '/upload', fieldName: 'photo' })
  // OCR is the slowest check (seconds a photo); a gallery of photos without text can switch it off.
  .use(ImageGuard, { policy: 'strict', analyzers: { text: false } });
