/** A stored output as it leaves the node: text as UTF-8, images as base64, with who released it. */
import type { ReleasedOutput } from '../../model/jobs/jobs.js';
import type { StoredOutput } from './job-run.repository.js';

export function presentOutput(o: StoredOutput, releasedBy: string[]): ReleasedOutput {
  const text = o.mediaType !== 'image/png';
  return {
    name: o.name,
    kind: o.kind,
    mediaType: o.mediaType,
    content: o.content.toString(text ? 'utf8' : 'base64'),
    encoding: text ? 'utf8' : 'base64',
    releasedBy,
  };
}
