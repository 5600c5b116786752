// A test reporter that prints, at the end of a run, the files that took longest (the sum of each
// file's top-level tests and suites, hooks included), so a slow suite shows where its time goes.
// scripts/run-tests.mjs runs it beside the spec reporter.
export default async function* fileTimes(source) {
  const totals = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, nesting, details } = event.data;
    if (!file || nesting !== 0) continue;
    totals.set(file, (totals.get(file) ?? 0) + (details?.duration_ms ?? 0));
  }
  const slowest = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  yield '\nslowest test files (seconds, top-level tests and suites):\n';
  for (const [file, ms] of slowest) {
    yield `${(ms / 1000).toFixed(1).padStart(7)}  ${file.replace(`${process.cwd()}/`, '')}\n`;
  }
}
