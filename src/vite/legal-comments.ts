/**
 * tfjs repeats its Apache licence header at the top of every one of its modules, and the bundler keeps each legal
 * comment where it was: 1,771 copies of 31 distinct notices made 0.9 MB of the 2.4 MB analysis worker. This keeps
 * the first copy of each notice (the licences stay in the file, once) and drops the repeats. Legal comments are on
 * lines of their own in minified output, so only comments that start a line are read. Pure.
 */
export function dedupeLegalComments(code: string): string {
  const seen = new Set<string>();
  return code.replace(/^\/\*[*!][\s\S]*?\*\/\n?/gm, (comment) => {
    if (!/@license|@preserve|^\/\*!/.test(comment)) return comment;
    const notice = comment.trim();
    if (seen.has(notice)) return '';
    seen.add(notice);
    return comment;
  });
}
