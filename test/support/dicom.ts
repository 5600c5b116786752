/**
 * DICOM test inputs and an independent reader: the generated de-identification corpus (pydicom,
 * test/support/make_deid_corpus.py), pydicom's own test files, and pydicom read-back of outputs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';
export const PYDICOM_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const here = new URL('.', import.meta.url).pathname;

let corpus: string | undefined;

/** A folder with the generated corpus (built once per test process). */
export function deidCorpus(): string {
  if (!corpus) {
    corpus = mkdtempSync(join(tmpdir(), 'cie-deid-corpus-'));
    execFileSync(PYTHON, [
      join(here, 'make_deid_corpus.py'),
      join(here, '../../src/dicom/deid/table-e1-1.json'),
      corpus,
    ]);
  }
  return corpus;
}

export interface Dumped {
  top: Record<string, { vr: string; value: string }>;
  deep: Record<string, string[]>;
  transferSyntax: string;
  metaSop: string;
}

/** Read files with pydicom (not our parser) and return their elements. */
export function pydicomDump(files: string[]): Record<string, Dumped> {
  const out = execFileSync(PYTHON, [join(here, 'dump_dicom.py'), ...files], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as Record<string, Dumped>;
}

export function tempDir(prefix = 'cie-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
