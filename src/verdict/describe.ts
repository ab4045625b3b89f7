import { actionsOf } from './decide.js';
import type { FlagDecision } from './decide.js';
import type { VerdictPhrases } from './phrases.js';
import { briefOf, percent } from './reasons.js';
import { isDrawing, isPossibleMinor } from './signals.js';
import type { Scores, Signals } from './signals.js';
import type { ContentRating, Evidence, ObjectsEvidence } from './types.js';

/**
 * The description: what the picture is and what is in it (people with their age band, objects, a text excerpt),
 * then its rating with why, and what happens to it with the reasons; then sentences about the file itself. E.g.
 * "A photo of two people (adults, about 25-40) and a dog, with the text "SALE 50% OFF". Rated G: nothing sexual
 * found (neutral 97%); fine to upload."
 */
export function describe(
  evidence: Evidence,
  signals: Signals | null,
  rating: ContentRating,
  flags: readonly FlagDecision[],
  minorAge: number,
  phrases: VerdictPhrases,
): string {
  const { frames, sampledFrames } = evidence.image;
  const kind = frames > 1 ? 'animation' : signals && isDrawing(signals.scores) ? 'drawing' : signals ? 'photo' : 'image';
  const subjects = [...peoplePhrase(evidence, minorAge, phrases), ...objectPhrases(evidence.objects, phrases)];
  const looked = evidence.faces !== null || (evidence.objects ?? null) !== null;
  const picture = phrases.picture({
    kind: phrases.imageKind({ kind, frames, checkedFrames: sampledFrames.length }),
    subjects: subjects.length > 0 ? phrases.list(subjects) : '',
    looked,
    text: evidence.text?.content ? excerpt(evidence.text.content) : '',
  });
  const result = outcome(flags, phrases);
  const main =
    !signals && !evidence.text && !looked
      ? phrases.notLookedAt({ picture, outcome: result })
      : phrases.rated({
          picture,
          rating,
          content: signals ? content(signals, rating, phrases) : phrases.notCheckedForSexualContent,
          outcome: result,
        });
  return [main, ...fileNotes(evidence, phrases)].join(' ');
}

/** "fine to upload", "needs a human review (too blurry to read)", "rejected (explicit content, a possible minor)". */
function outcome(flags: readonly FlagDecision[], phrases: VerdictPhrases): string {
  const { reject, review } = actionsOf(flags);
  if (!reject && !review) return phrases.fineToUpload;
  const acting = flags.filter((flag) => flag.action === (reject ? 'reject' : 'review'));
  const reasons = phrases.list([...new Set(acting.map((flag) => briefOf(flag, phrases)))]);
  return reject ? phrases.rejected({ reasons }) : phrases.needsReview({ reasons });
}

/**
 * Who is in the picture. People are the faces found, or the persons the object model found when it saw more
 * (backs, distant figures); the ages are those of the faces.
 */
function peoplePhrase(evidence: Evidence, minorAge: number, phrases: VerdictPhrases): string[] {
  const faces = evidence.faces?.items ?? [];
  const persons = (evidence.objects?.items ?? []).filter((item) => item.label === 'person').length;
  const count = Math.max(faces.length, persons);
  if (count === 0) return [];
  const ages =
    faces.length === 0
      ? null
      : { youngest: Math.min(...faces.map((face) => face.ageRange[0])), oldest: Math.max(...faces.map((face) => face.ageRange[1])) };
  const minors = faces.filter((face) => isPossibleMinor(face, minorAge)).length;
  return [phrases.people({ count, faces: faces.length, minors, age: minorAge, ages })];
}

/** The object labels other than person, at most five kinds, in the order found, with how many of each. */
function objectPhrases(objects: ObjectsEvidence | null | undefined, phrases: VerdictPhrases): string[] {
  const counts = new Map<string, number>();
  for (const { label } of objects?.items ?? []) {
    if (label !== 'person') counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].slice(0, 5).map(([label, count]) => phrases.object({ label, count }));
}

/** At most 60 characters of the text, on one line, cut between words. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= 60) return line;
  const cut = line.slice(0, 59);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What the scores say about the picture, with the classes that say it. */
function content(signals: Signals, rating: ContentRating, phrases: VerdictPhrases): string {
  const { scores } = signals;
  const classes = explicitClasses(scores, phrases);
  const sexy = percent(scores.sexy);
  const ledBySexy = signals.suggestive >= signals.explicit;
  switch (rating) {
    case 'NC-17':
    case 'R':
      return phrases.explicitContent({ classes });
    case 'PG-13':
      return ledBySexy ? phrases.suggestiveNotExplicit({ sexy }) : phrases.sexualSigns({ classes });
    case 'PG':
      return ledBySexy ? phrases.mildlySuggestive({ sexy }) : phrases.faintSexualSigns({ classes });
    case 'G': {
      const className = scores.drawing > scores.neutral ? 'drawing' : 'neutral';
      return phrases.nothingSexual({ className, percent: percent(scores[className]) });
    }
  }
}

/** "porn 45%, hentai 40%": the explicit classes that matter (10% or more), or the larger one alone. */
function explicitClasses(scores: Scores, phrases: VerdictPhrases): string {
  const parts = (['porn', 'hentai'] as const)
    .map((name) => ({ name, score: scores[name] }))
    .sort((a, b) => b.score - a.score);
  const shown = parts.filter((part, index) => index === 0 || part.score >= 0.1);
  return shown.map((part) => phrases.nsfwClass({ name: part.name, percent: percent(part.score) })).join(', ');
}

/** Sentences about the file itself: what was not checked, what is missing, what its metadata gives away. */
function fileNotes(evidence: Evidence, phrases: VerdictPhrases): string[] {
  const notes = evidence.errors.map((failure) =>
    phrases.analyzerFailedNote({ analyzer: phrases.analyzerName(failure.analyzer), code: failure.code }),
  );
  if (evidence.image.truncated) notes.push(phrases.truncatedNote);
  if (evidence.metadata.gps) notes.push(phrases.locationNote);
  return notes;
}
