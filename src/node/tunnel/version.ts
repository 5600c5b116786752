/** The software version a node reports to its hub (package.json "version"). */
import { readFileSync } from 'node:fs';

export const softwareVersion: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
