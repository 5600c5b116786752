// A test reporter that prints, at the end of a run, the files that took longest (from the first
// to the last event of each file, as the runner streams them), so a slow suite shows where its
// time goes. scripts/run-tests.mjs runs it beside the spec reporter.
export default async function* fileTimes(source) {
  const spans = new Map();
  for await (const event of source) {
    const file = event.data?.file;
    if (!file) continue;
    const now = Date.now();
    const span = spans.get(file);
    if (span) span.end = now;
    else spans.set(file, { start: now, end: now });
  }
  const slowest = [...spans.entries()].sort((a, b) => b[1].end - b[1].start - (a[1].end - a[1].start)).slice(0, 15);
  yield '\nslowest test files (seconds from first to last event):\n';
  for (const [file, s] of slowest) {
    yield `${((s.end - s.start) / 1000).toFixed(1).padStart(7)}  ${file.replace(`${process.cwd()}/`, '')}\n`;
  }
}
