// Dropzone with image-guard-kit's `accept`: each photo is checked on the device before Dropzone queues it.
import Dropzone from 'dropzone';
import 'dropzone/dist/dropzone.css';
import { imageGuardAccept } from 'image-guard-kit/dropzone';

new Dropzone('#photos', {
  url: '/upload',
  paramName: 'photo',
  // One guard checks every file. A blocked photo, or a file that is not an image, is rejected with the reason in
  // its preview and never uploaded; the verdict of the others is on the file (`file.imageGuard`) and is sent as
  // the `imageGuard` form field.
  // OCR is the slowest check (seconds a photo); a gallery of photos without text can switch it off.
  accept: imageGuardAccept({ policy: 'strict', analyzers: { text: false } }),
});
