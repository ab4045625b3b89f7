import type { FaceItem, FacesEvidence } from '../../verdict/types.js';
import { centre, contains } from '../../layout/box.js';
import type { FaceContext } from '../objects/select.js';

/**
 * Drops the faces that sit on an animal where the object detector sees no person at all. Both face detectors can
 * agree on a dog's head (a studio portrait of a spaniel: 0.81, "a man of about 45"), and then a pet photo reads
 * as a photo of a person, with an age that the minor rule acts on. The object detector knows animals: a face whose
 * centre is inside an animal's box and inside no person's box, even a faint one, is the animal's. A person holding
 * a pet keeps their face (it is inside their own box), and with objects off nothing is dropped. A face scored
 * `SURE_FACE_AT_LEAST` or more is kept whatever the object detector says: on a tight portrait crop it may see an
 * animal and no person (the face set's crop "grid 0,0", a man's face at 0.92, read as an animal), while the animals
 * measured scored at most 0.81 (the spaniel) and 0.79 (the face set's cat head). Pure.
 */
export const SURE_FACE_AT_LEAST = 0.85;

export function dropAnimalFaces(faces: FacesEvidence, context: FaceContext): FacesEvidence {
  const items = faces.items.filter(
    (face) => face.score >= SURE_FACE_AT_LEAST || !onAnimal(face.box, context) || context.people.some((box) => contains(box, centre(face.box))),
  );
  return items.length === faces.items.length ? faces : { ...faces, count: items.length, items };
}

/** Whether a face box's centre lies inside an animal the object detector sees. Pure. */
export function onAnimal(face: FaceItem['box'], context: FaceContext): boolean {
  const middle = centre(face);
  return context.animals.some((box) => contains(box, middle));
}
