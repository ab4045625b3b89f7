// FilePond with the image-guard-kit plugin: each photo is checked on the device before FilePond uploads it.
import * as FilePond from 'filepond';
import 'filepond/dist/filepond.min.css';
import { imageGuardPlugin } from 'image-guard-kit/filepond';

FilePond.registerPlugin(imageGuardPlugin);

FilePond.create(document.querySelector<HTMLInputElement>('input[type=file]')!, {
  server: '/upload',
  allowMultiple: true,
  // One guard (models loaded once, on the first photo) checks every file of this FilePond. A blocked photo, or a
  // file that is not an image, shows FilePond's error state with the reason and is never uploaded; the verdict of
  // the others travels in the item's metadata (the `photos` form field next to the file).
  // OCR is the slowest check (seconds a photo); a gallery of photos without text can switch it off.
  imageGuard: { policy: 'strict', analyzers: { text: false } },
  labelImageGuardBlocked: 'Photo not allowed',
});
