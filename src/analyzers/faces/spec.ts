import { onOrOff } from '../../config/checks.js';
import type { AnalyzerSpec, RuntimeFile } from '../contract.js';

/** face-api appends '<model>-weights_manifest.json' to this folder itself. */
export const FACE_MODEL_FOLDER = 'face-api/';

/** Human's BlazeFace graph; its model.json names blazeface.bin beside it (the objects analyzer serves Human's folder too). */
export const BLAZEFACE_MODEL_PATH = 'human/blazeface.json';

/** face-api's names for the nets the face analyzer loads; its other models (landmarks, expressions...) are not served. */
const FACE_MODELS = ['ssd_mobilenetv1_model', 'age_gender_model'] as const;

const faceApiFiles: RuntimeFile[] = FACE_MODELS.flatMap((model) => [
  {
    path: `${FACE_MODEL_FOLDER}${model}-weights_manifest.json`,
    contentType: 'application/json',
    npm: { package: '@vladmandic/face-api', file: `model/${model}-weights_manifest.json` },
  },
  {
    path: `${FACE_MODEL_FOLDER}${model}.bin`,
    contentType: 'application/octet-stream',
    npm: { package: '@vladmandic/face-api', file: `model/${model}.bin` },
  },
]);

const files: RuntimeFile[] = [
  ...faceApiFiles,
  { path: BLAZEFACE_MODEL_PATH, contentType: 'application/json', npm: { package: '@vladmandic/human', file: 'models/blazeface.json' } },
  { path: 'human/blazeface.bin', contentType: 'application/octet-stream', npm: { package: '@vladmandic/human', file: 'models/blazeface.bin' } },
];

/**
 * Faces with age ranges and gender (face-api's SSD and age net, Human's BlazeFace), on the frame NSFW found worst. With objects on it runs after them:
 * a face on an animal with no person around it is dropped (animals.ts).
 */
export const facesSpec = {
  name: 'faces',
  model: 'The face models (face-api)',
  files,
  tfjs: true,
  frames: 'decisive',
  uses: ['objects'],
  resolve: (option: boolean | undefined, path: string): true | null => (onOrOff(option, path) ? true : null),
} as const satisfies AnalyzerSpec<'faces', never, true>;
